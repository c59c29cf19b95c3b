package io.clipcast.platforms.dzen;

import io.clipcast.platforms.ConnectedAccount;
import io.clipcast.platforms.ConnectorSettings;
import io.clipcast.platforms.ErrorKind;
import io.clipcast.platforms.FeedItem;
import io.clipcast.platforms.OAuthCallback;
import io.clipcast.platforms.OAuthStart;
import io.clipcast.platforms.PlatformFailure;
import io.clipcast.platforms.PublishResult;
import io.clipcast.platforms.catalog.PlatformCatalog;
import io.clipcast.platforms.testing.TestPublishContext;
import io.clipcast.sandbox.SandboxVerticle;
import io.clipcast.testing.TestServices;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Dzen connector against the sandbox: Yandex OAuth connect and refresh, failure classes, the feed it renders, publish by feed fetch. */
class DzenConnectorTest {
  private static final String CLIENT = "a1b2c3d4e5f60718293a4b5c6d7e8f90";
  private static final String SECRET = "0f9e8d7c6b5a49382716a5b4c3d2e1f0";
  private static final String CALLBACK = "http://127.0.0.1:8080/oauth/callback";
  private static Vertx vertx;
  private static String sandbox;
  private static DzenConnector connector;
  private static final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @TempDir
  Path dir;

  @BeforeAll
  static void start() throws Exception {
    vertx = Vertx.vertx();
    int port = TestServices.freePort();
    vertx.deployVerticle(new SandboxVerticle(), new DeploymentOptions().setConfig(new JsonObject().put("host", "127.0.0.1").put("port", port)))
        .await(30, TimeUnit.SECONDS);
    sandbox = "http://127.0.0.1:" + port;
    post("/dzen/_sandbox/clients", new JsonObject().put("clientId", CLIENT).put("clientSecret", SECRET).put("redirectUris", new JsonArray().add(CALLBACK)));
    connector = connector(SECRET);
  }

  private static DzenConnector connector(String secret) {
    DzenConnector c = new DzenConnector();
    c.init(vertx, new ConnectorSettings(Map.of("oauth", sandbox + "/dzen/oauth", "login", sandbox + "/dzen/login"), CLIENT, secret, CALLBACK,
        PlatformCatalog.shipped().rules("dzen")));
    return c;
  }

  @AfterAll
  static void stop() throws Exception {
    vertx.close().await(30, TimeUnit.SECONDS);
  }

  @BeforeEach
  void reset() throws Exception {
    http.send(HttpRequest.newBuilder(URI.create(sandbox + "/_sandbox/faults")).DELETE().build(), HttpResponse.BodyHandlers.ofString());
    post("/dzen/_sandbox/oauth", new JsonObject().put("autoApprove", true).put("expiresIn", 31_536_000).put("user", new JsonObject()
        .put("id", "1130000055512345").put("login", "ohotnik-za-zakatami").put("display_name", "Охотник за закатами")
        .put("default_avatar_id", "53031/enc-9f8e").put("is_avatar_empty", false)));
  }

  private static HttpResponse<String> post(String path, JsonObject body) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(sandbox + path)).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body.encode())).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static void fault(JsonObject rule) throws Exception {
    assertEquals(201, post("/_sandbox/faults", rule.put("platform", "dzen")).statusCode());
  }

  private static <T> T await(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  private static PlatformFailure failure(Future<?> f) {
    try {
      await(f);
    } catch (java.util.concurrent.ExecutionException e) {
      if (e.getCause() instanceof PlatformFailure p) return p;
      throw new AssertionError("not a PlatformFailure", e.getCause());
    } catch (Exception e) {
      throw new AssertionError(e);
    }
    throw new AssertionError("expected a failure");
  }

  /** Runs the browser part: the authorization URL, auto-approved, back to our callback with code and state. */
  private static OAuthCallback signIn(String state) throws Exception {
    String verifier = Base64.getUrlEncoder().withoutPadding().encodeToString(UUID.randomUUID().toString().repeat(2).getBytes()).substring(0, 64);
    String challenge = Base64.getUrlEncoder().withoutPadding().encodeToString(MessageDigest.getInstance("SHA-256")
        .digest(verifier.getBytes(StandardCharsets.US_ASCII)));
    String url = connector.authorizationUrl(new OAuthStart(state, challenge));
    assertTrue(url.startsWith(sandbox + "/dzen/oauth/authorize?"), url);
    assertTrue(url.contains("response_type=code") && url.contains("client_id=" + CLIENT) && url.contains("force_confirm=yes")
        && url.contains("code_challenge_method=S256"), url);
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(302, r.statusCode(), r.body());
    String location = r.headers().firstValue("Location").orElseThrow();
    assertTrue(location.startsWith(CALLBACK + "?"), location);
    Map<String, String> q = java.util.Arrays.stream(URI.create(location).getRawQuery().split("&")).map(p -> p.split("=", 2))
        .collect(Collectors.toMap(p -> p[0], p -> java.net.URLDecoder.decode(p[1], StandardCharsets.UTF_8)));
    assertEquals(state, q.get("state"));
    return new OAuthCallback(q.get("code"), verifier, state, new JsonObject());
  }

  @Test
  void connectsThroughYandexOAuthAndGivesTheConnectionAFeedSecret() throws Exception {
    ConnectedAccount a = await(connector.exchangeCode(signIn("s-1")));
    assertEquals("1130000055512345", a.externalAccountId());
    assertEquals("Охотник за закатами", a.displayName());
    assertEquals("https://avatars.yandex.net/get-yapic/53031/enc-9f8e/islands-200", a.avatarUrl());
    assertTrue(a.accessToken().startsWith("y0_"));
    assertTrue(a.refreshToken() != null && !a.refreshToken().isBlank());
    assertTrue(a.expiresAt().isAfter(Instant.now().plusSeconds(31_000_000)));
    assertEquals(List.of("login:info", "login:avatar"), a.scopes());
    assertEquals("ohotnik-za-zakatami", a.metadata().getString("login"));
    String secret = a.metadata().getString("feedNonce");
    assertTrue(secret.matches("[A-Za-z0-9_-]{43}"), secret);
    assertEquals(32, Base64.getUrlDecoder().decode(secret).length);
    assertNotEquals(secret, await(connector.exchangeCode(signIn("s-2"))).metadata().getString("feedNonce"));

    // the code was single use: a replayed callback is a sign-in to do again
    OAuthCallback cb = signIn("s-3");
    await(connector.exchangeCode(cb));
    PlatformFailure replay = failure(connector.exchangeCode(cb));
    assertEquals(ErrorKind.AUTH, replay.kind());
    assertEquals("invalid_grant", replay.platformCode());
  }

  @Test
  void refreshKeepsTheAccountAndItsFeedAndAnUsedRefreshTokenMeansReconnect() throws Exception {
    ConnectedAccount a = await(connector.exchangeCode(signIn("r-1")));
    a.metadata().put("feedFetchedAt", "2025-06-03T10:00:00Z");
    ConnectedAccount b = await(connector.refresh(a));
    assertNotEquals(a.accessToken(), b.accessToken());
    assertNotEquals(a.refreshToken(), b.refreshToken());
    assertEquals(a.externalAccountId(), b.externalAccountId());
    assertEquals(a.metadata(), b.metadata());
    // the new access token works against Yandex ID; the old refresh token is spent
    assertEquals(200, http.send(HttpRequest.newBuilder(URI.create(sandbox + "/dzen/login/info?format=json"))
        .header("Authorization", "OAuth " + b.accessToken()).build(), HttpResponse.BodyHandlers.ofString()).statusCode());
    PlatformFailure spent = failure(connector.refresh(a));
    assertEquals(ErrorKind.AUTH, spent.kind());
    assertTrue(spent.getMessage().contains("connect Dzen again"), spent.getMessage());
  }

  @Test
  void failuresAreClassifiedFromYandexAnswers() throws Exception {
    ConnectedAccount a = await(connector.exchangeCode(signIn("f-1")));

    fault(new JsonObject().put("kind", "http_error").put("match", "token").put("status", 503));
    PlatformFailure down = failure(connector.refresh(a));
    assertEquals(ErrorKind.RETRYABLE, down.kind());
    assertEquals("503", down.platformCode());

    fault(new JsonObject().put("kind", "rate_limit").put("match", "token").put("retryAfterSeconds", 9));
    PlatformFailure limited = failure(connector.refresh(a));
    assertEquals(ErrorKind.RATE_LIMITED, limited.kind());
    assertEquals(9_000, limited.retryAfterMs());

    fault(new JsonObject().put("kind", "reset").put("match", "token"));
    assertEquals(ErrorKind.RETRYABLE, failure(connector.refresh(a)).kind());

    fault(new JsonObject().put("kind", "token_expired").put("match", "token"));
    assertEquals(ErrorKind.AUTH, failure(connector.refresh(a)).kind());

    fault(new JsonObject().put("kind", "token_expired").put("match", "info"));
    PlatformFailure info = failure(connector.exchangeCode(signIn("f-2")));
    assertEquals(ErrorKind.AUTH, info.kind());
    assertEquals("401", info.platformCode());

    PlatformFailure badClient = failure(connector("wrong-secret").exchangeCode(signIn("f-3")));
    assertEquals(ErrorKind.PERMANENT, badClient.kind());
    assertEquals("invalid_client", badClient.platformCode());
    assertTrue(badClient.getMessage().contains("operator"), badClient.getMessage());
  }

  @Test
  void rendersAnRss2FeedWithEscapedCaptionsAndTheVideoAsEnclosure() throws Exception {
    UUID first = UUID.randomUUID();
    UUID second = UUID.randomUUID();
    String caption = "Закат над <морем> & \"чайки\" 🌅\nвторая строка\u0007\n\nновый абзац ]]> конец";
    String media = "https://clipcast.example/media/" + first + "?exp=1749000000&sig=a_b-c";
    ConnectedAccount account = new ConnectedAccount("1130000055512345", "Охотник за закатами", null, "t", "r", null, List.of(),
        new JsonObject().put("feedNonce", "s"));
    String xml = connector.renderFeed(account, "https://clipcast.example/feeds/s.xml", List.of(
        new FeedItem(first, "Закат", caption, media, "video/mp4", 1_234_567, Instant.parse("2025-06-03T10:15:30Z")),
        new FeedItem(second, null, "Без заголовка: первая строка\nвторая", media, "video/quicktime", 99, Instant.parse("2025-06-02T08:00:00Z")),
        new FeedItem(UUID.randomUUID(), null, "🌅".repeat(250), media, "video/mp4", 99, Instant.parse("2025-06-01T08:00:00Z"))));

    Document doc = parse(xml);
    Element rss = doc.getDocumentElement();
    assertEquals("rss", rss.getTagName());
    assertEquals("2.0", rss.getAttribute("version"));
    Element channel = (Element) rss.getElementsByTagName("channel").item(0);
    assertEquals("Охотник за закатами", text(channel, "title"));
    assertEquals("https://clipcast.example/feeds/s.xml", text(channel, "link"));
    Element item = (Element) channel.getElementsByTagName("item").item(0);
    Element guid = (Element) item.getElementsByTagName("guid").item(0);
    assertEquals(first.toString(), guid.getTextContent());
    assertEquals("false", guid.getAttribute("isPermaLink"));
    assertEquals("Закат", text(item, "title"));
    assertEquals(caption.replace("\u0007", ""), text(item, "description"), "the caption round-trips, minus what XML cannot carry");
    String html = item.getElementsByTagNameNS(DzenFeedWriter.CONTENT_NS, "encoded").item(0).getTextContent();
    assertEquals("<p>Закат над &lt;морем&gt; &amp; &quot;чайки&quot; 🌅<br>вторая строка</p><p>новый абзац ]]&gt; конец</p>", html);
    Element enclosure = (Element) item.getElementsByTagName("enclosure").item(0);
    assertEquals(media, enclosure.getAttribute("url"));
    assertEquals("video/mp4", enclosure.getAttribute("type"));
    assertEquals("1234567", enclosure.getAttribute("length"));
    assertEquals(Instant.parse("2025-06-03T10:15:30Z"),
        ZonedDateTime.parse(text(item, "pubDate"), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
    assertEquals("nonadult", item.getElementsByTagNameNS(DzenFeedWriter.MEDIA_NS, "rating").item(0).getTextContent());

    Element untitled = (Element) channel.getElementsByTagName("item").item(1);
    assertEquals("Без заголовка: первая строка", text(untitled, "title"), "Dzen items need a title: the caption's first line");
    assertEquals("video/quicktime", ((Element) untitled.getElementsByTagName("enclosure").item(0)).getAttribute("type"));
    String cut = text((Element) channel.getElementsByTagName("item").item(2), "title");
    assertEquals("🌅".repeat(199) + "…", cut, "a long first line is cut to the catalog's text.titleMaxChars (200), in code points");
  }

  @Test
  void aPublicationIsPublishedOnceDzenFetchedTheFeedAfterItStartedWaiting() throws Exception {
    JsonObject metadata = new JsonObject().put("feedNonce", DzenConnector.newFeedNonce()).put("feedFetchedAt", "2020-01-01T00:00:00Z");
    ConnectedAccount account = new ConnectedAccount("1130000055512345", "Охотник", null, "t", "r", null, List.of(), metadata);
    TestPublishContext ctx = new TestPublishContext(vertx, account, dir, Path.of("../common/src/test/resources/media/portrait_h264_aac_faststart.mp4"),
        "Закат", "Закат", "http://127.0.0.1/media/x");

    PublishResult first = await(connector.publish(ctx));
    assertTrue(first.isPending());
    assertTrue(first.awaitsEvent(), "no timer: the feed fetch completes it");
    long since = ctx.checkpoints.get(0).getLong("feedSince");
    assertTrue(Math.abs(System.currentTimeMillis() - since) < 5_000);

    // a fetch from before the wait began did not list this clip
    PublishResult stillWaiting = await(connector.publish(ctx));
    assertTrue(stillWaiting.isPending());
    assertEquals("feedFetch", stillWaiting.detail().getString("waitingFor"));
    assertEquals(true, stillWaiting.detail().getBoolean("inFeed"));
    assertEquals(1, ctx.checkpoints.size(), "the wait began once");

    // someone else opened the feed (the feed route keeps that apart from Dzen's fetches): still waiting, and the user is told why
    metadata.put("feedOtherFetch", new JsonObject().put("at", Instant.ofEpochMilli(since + 1).toString()).put("userAgent", "Firefox/133.0"));
    PublishResult opened = await(connector.publish(ctx));
    assertTrue(opened.isPending());
    assertTrue(opened.detail().getString("message").contains("another client (Firefox/133.0)"), opened.detail().encode());
    assertTrue(opened.detail().getString("message").contains("docs/platforms/dzen.md"), opened.detail().encode());

    // the worker hands over the connection as it is now: the feed endpoint recorded a later fetch
    String fetchedAt = Instant.ofEpochMilli(since + 1).toString();
    JsonObject robot = new JsonObject().put("userAgent", "Mozilla/5.0 (compatible; YandexZenRss/1.0; +http://yandex.com/bots)")
        .put("host", "spider.yandex.com").put("verifiedBy", "reverseAndForwardDns");
    metadata.put("feedFetchedAt", fetchedAt).put("feedFetchedBy", robot).put("channelUrl", "https://dzen.ru/ohotnik");
    PublishResult done = await(connector.publish(ctx));
    assertEquals(ctx.publicationId().toString(), done.externalId());
    assertEquals("https://dzen.ru/ohotnik", done.url());
    assertEquals(fetchedAt, done.detail().getString("feedFetchedAt"));
    assertEquals(robot, done.detail().getJsonObject("fetchedBy"));
    assertEquals("unconfirmed", done.detail().getString("imported"), "Dzen reports nothing about its import");
    assertTrue(done.detail().getString("manual").contains("Dzen Studio"));

    ConnectedAccount noFeed = new ConnectedAccount("1", "x", null, "t", "r", null, List.of(), new JsonObject());
    TestPublishContext orphan = new TestPublishContext(vertx, noFeed, dir.resolve("o"), Path.of("../common/src/test/resources/media/portrait_h264_aac_faststart.mp4"),
        "c", "t", "http://127.0.0.1/media/x");
    assertEquals(ErrorKind.PERMANENT, failure(connector.publish(orphan)).kind());
    assertNull(noFeed.metadata().getString("feedSince"));
  }

  private static Document parse(String xml) throws Exception {
    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
    f.setNamespaceAware(true);
    f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    return f.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
  }

  private static String text(Element parent, String name) {
    for (org.w3c.dom.Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element e && name.equals(e.getLocalName()) && e.getNamespaceURI() == null) return e.getTextContent();
    }
    return null;
  }
}
