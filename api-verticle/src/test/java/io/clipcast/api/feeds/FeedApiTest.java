package io.clipcast.api.feeds;

import io.clipcast.api.ApiFixture;
import io.clipcast.api.TestSandbox;
import io.clipcast.platforms.ConnectedAccount;
import io.clipcast.platforms.ConnectorRegistry;
import io.clipcast.platforms.OAuthCallback;
import io.clipcast.platforms.OAuthSignIn;
import io.clipcast.platforms.OAuthStart;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The feed a pull-based platform imports from, end to end: a Dzen account connected through Yandex OAuth (the
 * sandbox's), a clip uploaded through the API, a publication in {@code publishing}; the sandbox's Dzen importer fetches
 * the connection's feed URL, downloads the clip from the signed link in it and records it byte-exact, and the
 * connection then shows when its feed was fetched.
 */
class FeedApiTest {
  private static final String CLIENT = "c0ffee00c0ffee00c0ffee00c0ffee00";
  private static final String SECRET = "5ec2e75ec2e75ec2e75ec2e75ec2e75e";
  private static final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private static TestSandbox sandbox;
  private static String sandboxBase;
  private static ApiFixture api;

  @BeforeAll
  static void start() throws Exception {
    sandbox = new TestSandbox();
    sandboxBase = sandbox.base;
    api = new ApiFixture(new JsonObject().put("sandbox", sandboxBase).put("oauth", new JsonObject().put("clients", new JsonObject()
        .put("dzen", new JsonObject().put("clientId", CLIENT).put("clientSecret", SECRET)))));
    assertEquals(204, sandboxPost("/dzen/_sandbox/clients", new JsonObject().put("clientId", CLIENT).put("clientSecret", SECRET)
        .put("redirectUris", new JsonArray().add(api.config.getJsonObject("oauth").getString("redirectUri")))).statusCode());
    assertEquals(200, sandboxPost("/dzen/_sandbox/oauth", new JsonObject().put("autoApprove", true).put("user", new JsonObject()
        .put("id", "1130000077700011").put("login", "gornye-tropy").put("display_name", "Горные тропы")
        .put("default_avatar_id", "40391/enc-1d2e").put("is_avatar_empty", false))).statusCode());
  }

  @AfterAll
  static void stop() throws Exception {
    api.close();
    sandbox.close();
  }

  private static HttpResponse<String> sandboxPost(String path, JsonObject body) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(sandboxBase + path));
    b = body == null ? b.POST(HttpRequest.BodyPublishers.noBody())
        : b.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body.encode()));
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** Connects through the real connector and the sandbox's Yandex OAuth, and stores the row as the connect flow does. */
  private static String connectDzen(ApiFixture.User user) throws Exception {
    OAuthSignIn dzen = new ConnectorRegistry(api.vertx, api.config).oauth("dzen").orElseThrow();
    String verifier = Base64.getUrlEncoder().withoutPadding().encodeToString(new byte[48]).replace('A', 'v');
    String challenge = Base64.getUrlEncoder().withoutPadding().encodeToString(MessageDigest.getInstance("SHA-256")
        .digest(verifier.getBytes(StandardCharsets.US_ASCII)));
    HttpResponse<String> authorize = http.send(HttpRequest.newBuilder(URI.create(dzen.authorizationUrl(new OAuthStart("st", challenge)))).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(302, authorize.statusCode(), authorize.body());
    Map<String, String> q = java.util.Arrays.stream(URI.create(authorize.headers().firstValue("Location").orElseThrow()).getRawQuery().split("&"))
        .map(p -> p.split("=", 2)).collect(Collectors.toMap(p -> p[0], p -> java.net.URLDecoder.decode(p[1], StandardCharsets.UTF_8)));
    ConnectedAccount a = dzen.exchangeCode(new OAuthCallback(q.get("code"), verifier, q.get("state"), new JsonObject()))
        .await(30, TimeUnit.SECONDS);
    String id = UUID.randomUUID().toString();
    api.sql("INSERT INTO platform_connections (id, user_id, platform, external_account_id, display_name, avatar_url, status, metadata) VALUES ('"
        + id + "', '" + user.id() + "', 'dzen', '" + a.externalAccountId() + "', '" + a.displayName() + "', '" + a.avatarUrl()
        + "', 'connected', '" + a.metadata().encode() + "'::jsonb)");
    return id;
  }

  private static JsonObject uploadClip(ApiFixture.User user, byte[] mp4) throws Exception {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(api.base + "/api/v1/clips?fileName=tropa.mp4"))
        .header("Authorization", "Bearer " + user.token()).header("Content-Type", "video/mp4")
        .POST(HttpRequest.BodyPublishers.ofByteArray(mp4)).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(201, r.statusCode(), r.body());
    return new JsonObject(r.body());
  }

  private static String publication(ApiFixture.User user, String clip, String connection, String status, String caption, String title) {
    String id = UUID.randomUUID().toString();
    api.sql("INSERT INTO publications (id, user_id, clip_id, connection_id, platform, caption, title, status, attempts) VALUES ('" + id + "', '"
        + user.id() + "', '" + clip + "', '" + connection + "', 'dzen', '" + caption.replace("'", "''") + "', '" + title + "', '" + status + "', 1)");
    return id;
  }

  private static JsonObject connectionJson(ApiFixture.User user, String id) {
    JsonArray items = api.get("/api/v1/connections", user.token()).json().getJsonArray("items");
    return items.stream().map(JsonObject.class::cast).filter(c -> c.getString("id").equals(id)).findFirst().orElseThrow();
  }

  @Test
  void dzenImportsThePublishingClipFromTheFeedByteExactAndTheConnectionShowsTheFetch() throws Exception {
    ApiFixture.User user = api.user("pro");
    String connection = connectDzen(user);
    byte[] mp4;
    try (InputStream in = FeedApiTest.class.getClassLoader().getResourceAsStream("media/portrait_h264_aac_faststart.mp4")) {
      mp4 = in.readAllBytes();
    }
    JsonObject clip = uploadClip(user, mp4);
    String caption = "Рассвет на перевале <2400 м> & туман — «тишина» 🏔\n#горы #походы";
    String publishing = publication(user, clip.getString("id"), connection, "publishing", caption, "Рассвет на перевале");
    publication(user, clip.getString("id"), connection, "queued", "ещё не время", "Позже");

    // where to paste it: the platform's rules carry the instructions the console shows next to the feed URL
    JsonObject platform = api.get("/api/v1/platforms", user.token()).json().getJsonArray("items").stream().map(JsonObject.class::cast)
        .filter(p -> p.getString("id").equals("dzen")).findFirst().orElseThrow();
    assertTrue(platform.getJsonObject("feed").getJsonObject("instructions").getString("ru").contains("RSS"));

    JsonObject before = connectionJson(user, connection);
    assertEquals("Горные тропы", before.getString("displayName"));
    String feedUrl = before.getString("feedUrl");
    assertTrue(feedUrl.matches("\\Q" + api.base + "\\E/feeds/[A-Za-z0-9_-]{43}\\.xml"), feedUrl);
    assertTrue(before.containsKey("feedFetchedAt"));
    assertNull(before.getString("feedFetchedAt"));

    Instant started = Instant.now();
    assertEquals(201, sandboxPost("/dzen/_sandbox/feeds", new JsonObject().put("url", feedUrl).put("intervalMs", 600_000)
        .put("channel", "dzen.ru/gornye_tropy")).statusCode());
    JsonObject feed = new JsonObject(sandboxPost("/dzen/_sandbox/feeds/poll", null).body()).getJsonArray("items").getJsonObject(0);
    assertNull(feed.getString("lastError"), feed.encode());
    assertTrue(feed.getJsonObject("itemErrors").isEmpty(), feed.encode());

    JsonArray posts = new JsonObject(http.send(HttpRequest.newBuilder(URI.create(sandboxBase + "/_sandbox/posts?platform=dzen")).build(),
        HttpResponse.BodyHandlers.ofString()).body()).getJsonArray("items");
    assertEquals(1, posts.size(), "only the publishing one is in the feed: " + posts.encode());
    JsonObject post = posts.getJsonObject(0);
    assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(mp4)), post.getString("sha256"));
    assertEquals(clip.getString("sha256"), post.getString("sha256"));
    assertEquals(mp4.length, post.getLong("bytes"));
    assertEquals(caption, post.getString("caption"));
    assertEquals("Рассвет на перевале", post.getString("title"));
    assertEquals(publishing, post.getJsonObject("extra").getString("guid"));
    assertEquals("dzen.ru/gornye_tropy", post.getString("account"));

    // the fetch that listed it published it, at that moment (no worker re-claims it to find out)
    JsonObject done = api.get("/api/v1/publications/" + publishing, user.token()).json();
    assertEquals("published", done.getString("status"), done.encode());
    assertEquals(publishing, done.getString("externalId"), "the feed item's guid");
    assertEquals("publishing→published", done.getJsonArray("timeline").stream().map(o -> ((JsonObject) o).getString("from") + "→"
        + ((JsonObject) o).getString("to")).reduce((a, b) -> b).orElse(""));

    String fetchedAt = connectionJson(user, connection).getString("feedFetchedAt");
    assertNotNull(fetchedAt);
    assertFalse(Instant.parse(fetchedAt).isBefore(started.minusSeconds(1)), fetchedAt);

    // the feed itself: RSS, not cached, and a second poll imports nothing again
    HttpResponse<String> direct = http.send(HttpRequest.newBuilder(URI.create(feedUrl)).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, direct.statusCode());
    assertEquals("application/rss+xml; charset=utf-8", direct.headers().firstValue("Content-Type").orElseThrow());
    assertEquals("no-store", direct.headers().firstValue("Cache-Control").orElseThrow());
    assertTrue(direct.body().contains("<guid isPermaLink=\"false\">" + publishing + "</guid>"));
    sandboxPost("/dzen/_sandbox/feeds/poll", null);
    assertEquals(1, new JsonObject(http.send(HttpRequest.newBuilder(URI.create(sandboxBase + "/_sandbox/posts?platform=dzen")).build(),
        HttpResponse.BodyHandlers.ofString()).body()).getJsonArray("items").size());
  }

  /**
   * Issue 13 row 10: only Дзен's robot publishes. Here Дзен is the sandbox on this machine (platformApis.dzen points at
   * it), so its robot fetches from loopback; a browser on the same address still publishes nothing. The fetch that does
   * publish says who fetched and that Дзен's import is unconfirmed.
   */
  @Test
  void aBrowserOpeningTheFeedPublishesNothingAndDzensRobotDoesWithWhatIsStillUnknown() throws Exception {
    ApiFixture.User user = api.user("pro");
    String connection = connectDzen(user);
    byte[] mp4;
    try (InputStream in = FeedApiTest.class.getClassLoader().getResourceAsStream("media/portrait_h264_aac_faststart.mp4")) {
      mp4 = in.readAllBytes();
    }
    String publishing = publication(user, uploadClip(user, mp4).getString("id"), connection, "publishing", "Туман", "Туман");
    String feedUrl = connectionJson(user, connection).getString("feedUrl");

    HttpResponse<String> browser = http.send(HttpRequest.newBuilder(URI.create(feedUrl)).header("User-Agent", FeedAgents.BROWSER).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(200, browser.statusCode());
    assertEquals("publishing", api.get("/api/v1/publications/" + publishing, user.token()).json().getString("status"),
        "the user checking the feed in a browser is not Дзен fetching it");
    assertNull(connectionJson(user, connection).getString("feedFetchedAt"));
    // the sandbox playing a person's feed reader on the same machine: it fetches, and nothing counts
    assertEquals(201, sandboxPost("/dzen/_sandbox/feeds", new JsonObject().put("url", feedUrl).put("intervalMs", 600_000)
        .put("fetcher", "reader")).statusCode());
    sandboxPost("/dzen/_sandbox/feeds/poll", null);
    assertEquals("publishing", api.get("/api/v1/publications/" + publishing, user.token()).json().getString("status"));
    assertNull(connectionJson(user, connection).getString("feedFetchedAt"));

    HttpResponse<String> robot = http.send(HttpRequest.newBuilder(URI.create(feedUrl)).header("User-Agent", FeedAgents.ROBOT).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(200, robot.statusCode());
    JsonObject done = api.get("/api/v1/publications/" + publishing, user.token()).json();
    assertEquals("published", done.getString("status"), done.encode());
    JsonObject event = done.getJsonArray("timeline").getJsonObject(done.getJsonArray("timeline").size() - 1);
    assertEquals("published", event.getString("to"));
    JsonObject detail = event.getJsonObject("detail");
    assertEquals("feedFetch", detail.getString("by"));
    assertEquals(true, detail.getBoolean("inFeed"));
    assertEquals(FeedAgents.ROBOT, detail.getJsonObject("fetchedBy").getString("userAgent"));
    assertEquals("trustedNetwork", detail.getJsonObject("fetchedBy").getString("verifiedBy"));
    assertEquals("unconfirmed", detail.getString("imported"), "Дзен says nothing about its import");
    assertTrue(detail.getString("manual").contains("Dzen Studio"), detail.encode());
    assertNotNull(connectionJson(user, connection).getString("feedFetchedAt"));
  }

  @Test
  void unknownOrMalformedSecretsAndDisconnectedAccountsHaveNoFeed() throws Exception {
    ApiFixture.Response unknown = api.get("/feeds/" + "A".repeat(43) + ".xml", null);
    assertEquals(404, unknown.status());
    assertEquals("not_found", unknown.errorCode());
    assertEquals(404, api.get("/feeds/short.xml", null).status());

    ApiFixture.User user = api.user("pro");
    String connection = connectDzen(user);
    String feedUrl = connectionJson(user, connection).getString("feedUrl");
    assertEquals(200, http.send(HttpRequest.newBuilder(URI.create(feedUrl)).build(), HttpResponse.BodyHandlers.ofString()).statusCode());
    assertEquals(200, api.send("DELETE", "/api/v1/connections/" + connection, user.token(), null, null).status());
    HttpResponse<String> gone = http.send(HttpRequest.newBuilder(URI.create(feedUrl)).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(404, gone.statusCode());
    assertEquals("not_found", new JsonObject(gone.body()).getJsonObject("error").getString("code"));
  }

  /**
   * Issue 11 row L9: the credential in a feed URL is neither stored nor logged. The row keeps only a nonce, the access
   * log names the route template, a token with one changed character opens nothing, and a secret stored before (kept
   * as its SHA-256 by migration V3) still opens its feed.
   */
  @Test
  void feedTokensAreNeitherStoredNorLogged() throws Exception {
    ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> access = new ch.qos.logback.core.read.ListAppender<>();
    ch.qos.logback.classic.Logger logger = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("clipcast.access");
    access.start();
    logger.addAppender(access);
    try {
      ApiFixture.User user = api.user("pro");
      String connection = connectDzen(user);
      String feedUrl = connectionJson(user, connection).getString("feedUrl");
      String token = feedUrl.substring(feedUrl.lastIndexOf('/') + 1, feedUrl.length() - ".xml".length());
      assertEquals(200, http.send(HttpRequest.newBuilder(URI.create(feedUrl)).build(), HttpResponse.BodyHandlers.ofString()).statusCode());

      String stored = rowText(connection);
      assertFalse(stored.contains(token), "the row holds the feed credential: " + stored);
      assertFalse(stored.contains("feedSecret"), stored);
      assertEquals(feedUrl, connectionJson(user, connection).getString("feedUrl"), "the owner sees the same URL again");

      String logged = snapshot(access).stream().map(e -> java.util.Arrays.toString(e.getArgumentArray())).collect(Collectors.joining("\n"));
      assertFalse(logged.contains(token), "the access log holds the feed credential");
      assertTrue(logged.contains("/feeds/{secret}.xml"), logged);

      char last = token.charAt(token.length() - 2);
      String tampered = token.substring(0, token.length() - 2) + (last == 'A' ? 'B' : 'A') + token.charAt(token.length() - 1);
      assertEquals(404, api.get("/feeds/" + tampered + ".xml", null).status(), "a changed token opens nothing");

      // a connection from before tokens, as migration V3 leaves it
      String legacySecret = "L".repeat(43);
      String legacy = UUID.randomUUID().toString();
      String hash = java.util.HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(legacySecret.getBytes(StandardCharsets.UTF_8)));
      api.sql("INSERT INTO platform_connections (id, user_id, platform, external_account_id, display_name, status, metadata) VALUES ('"
          + legacy + "', '" + user.id() + "', 'dzen', 'legacy-acc', 'Old', 'connected', '{\"feedNonce\": \"" + UUID.randomUUID()
          + "\", \"legacyFeedSecretSha256\": \"" + hash + "\"}'::jsonb)");
      assertEquals(200, api.get("/feeds/" + legacySecret + ".xml", null).status(), "the URL pasted into Dzen before keeps working");
    } finally {
      logger.detachAppender(access);
    }
  }

  private static String rowText(String connection) throws Exception {
    JsonObject db = api.config.getJsonObject("db");
    try (java.sql.Connection c = java.sql.DriverManager.getConnection(io.clipcast.db.PgPools.jdbcUrl(db), db.getString("user"), "");
         java.sql.ResultSet rs = c.createStatement().executeQuery("SELECT t::text FROM platform_connections t WHERE id = '" + connection + "'")) {
      rs.next();
      return rs.getString(1);
    }
  }

  /** The appender is written on event-loop threads under its own lock (AppenderBase.doAppend), so read it under that lock. */
  private static java.util.List<ch.qos.logback.classic.spi.ILoggingEvent> snapshot(ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> appender) {
    synchronized (appender) {
      return new java.util.ArrayList<>(appender.list);
    }
  }
}
