package io.clipcast.sandbox.dzen;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The RSS importer against a real publisher: an in-test HTTP server serves the feed and the video; the sandbox polls
 * it, downloads each new item's enclosure and records it byte-exact, once, and reports what it could not import.
 */
class DzenFeedPollerTest {
  private static SandboxUnderTest sandbox;
  private static HttpServer publisher;
  private static String origin;
  private static final byte[] VIDEO = new byte[700_001];
  private static String videoSha;
  private static volatile String feedBody;
  private static volatile String feedType = "application/rss+xml; charset=utf-8";
  private static final AtomicInteger videoFailures = new AtomicInteger();
  private static final List<String> requests = new CopyOnWriteArrayList<>();
  private static final List<String> agents = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void start() throws Exception {
    new Random(7).nextBytes(VIDEO);
    videoSha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(VIDEO));
    sandbox = new SandboxUnderTest();
    publisher = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    publisher.createContext("/", DzenFeedPollerTest::serve);
    publisher.start();
    origin = "http://127.0.0.1:" + publisher.getAddress().getPort();
  }

  private static void serve(HttpExchange ex) throws IOException {
    requests.add(ex.getRequestURI().getPath());
    agents.add(ex.getRequestURI().getPath() + " " + ex.getRequestHeaders().getFirst("User-Agent"));
    String path = ex.getRequestURI().getPath();
    if (path.equals("/feed.xml")) {
      reply(ex, 200, feedType, feedBody.getBytes(StandardCharsets.UTF_8));
    } else if (path.equals("/video.mp4")) {
      if (videoFailures.getAndUpdate(n -> Math.max(0, n - 1)) > 0) reply(ex, 503, "text/plain", "busy".getBytes());
      else reply(ex, 200, "video/mp4", VIDEO);
    } else {
      reply(ex, 404, "text/plain", "no".getBytes());
    }
  }

  private static void reply(HttpExchange ex, int status, String type, byte[] body) throws IOException {
    ex.getResponseHeaders().add("Content-Type", type);
    ex.sendResponseHeaders(status, body.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(body);
    }
  }

  @AfterAll
  static void stop() throws Exception {
    publisher.stop(0);
    sandbox.close();
  }

  @BeforeEach
  void reset() throws Exception {
    sandbox.delete("/dzen/_sandbox/feeds");
    sandbox.delete("/_sandbox/posts");
    sandbox.delete("/_sandbox/faults");
    feedType = "application/rss+xml; charset=utf-8";
    videoFailures.set(0);
    requests.clear();
    agents.clear();
  }

  @AfterEach
  void removeFeeds() throws Exception {
    sandbox.delete("/dzen/_sandbox/feeds");
  }

  private static String item(String guid, String title, String description, String enclosure) {
    return "<item><guid isPermaLink=\"false\">" + guid + "</guid><title>" + title + "</title>"
        + (description == null ? "" : "<description>" + description + "</description>")
        + "<content:encoded><![CDATA[<p>html body</p>]]></content:encoded>" + enclosure
        + "<pubDate>Tue, 03 Jun 2025 10:15:30 GMT</pubDate></item>";
  }

  private static String video(long length) {
    return "<enclosure url=\"" + origin + "/video.mp4\" type=\"video/mp4\" length=\"" + length + "\"/>";
  }

  private static String rss(String... items) {
    return "<?xml version=\"1.0\" encoding=\"UTF-8\"?><rss version=\"2.0\" xmlns:content=\"http://purl.org/rss/1.0/modules/content/\">"
        + "<channel><title>Clipcast</title><link>" + origin + "</link><description>d</description>" + String.join("", items) + "</channel></rss>";
  }

  private static void register(long intervalMs) throws Exception {
    assertEquals(201, sandbox.postJson("/dzen/_sandbox/feeds", new JsonObject().put("url", origin + "/feed.xml").put("intervalMs", intervalMs)
        .put("channel", "dzen.ru/kotiki")).statusCode());
  }

  private static JsonObject pollNow() throws Exception {
    JsonArray feeds = new JsonObject(sandbox.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(sandbox.base + "/dzen/_sandbox/feeds/poll"))
        .POST(java.net.http.HttpRequest.BodyPublishers.noBody())).body()).getJsonArray("items");
    return feeds.getJsonObject(0);
  }

  @Test
  void eachNewItemIsImportedOnceByteExactWithItsCaption() throws Exception {
    feedBody = rss(item("pub-1", "Кот и коробка", "Кот &amp; коробка &lt;3 #коты", video(VIDEO.length)));
    register(60_000);
    JsonObject feed = pollNow();
    assertNull(feed.getString("lastError"), feed.encode());
    JsonArray posts = sandbox.posts();
    assertEquals(1, posts.size(), posts.encode());
    JsonObject post = posts.getJsonObject(0);
    assertEquals(videoSha, post.getString("sha256"));
    assertEquals(VIDEO.length, post.getLong("bytes"));
    assertEquals("Кот & коробка <3 #коты", post.getString("caption"));
    assertEquals("Кот и коробка", post.getString("title"));
    assertEquals("dzen.ru/kotiki", post.getString("account"));
    assertTrue(post.getString("externalId").matches("[0-9a-f]{24}"), post.getString("externalId"));
    assertEquals("pub-1", post.getJsonObject("extra").getString("guid"));
    assertEquals(1, feed.getJsonArray("imported").size());

    // the same guid again: nothing new; a new guid: one more
    pollNow();
    assertEquals(1, sandbox.posts().size());
    feedBody = rss(item("pub-2", "Второй", "второй", video(VIDEO.length)), item("pub-1", "Кот и коробка", "x", video(VIDEO.length)));
    pollNow();
    assertEquals(2, sandbox.posts().size());
    assertEquals(3, requests.stream().filter(p -> p.equals("/feed.xml")).count());
    assertEquals(2, requests.stream().filter(p -> p.equals("/video.mp4")).count());
  }

  @Test
  void theFeedIsPolledOnItsInterval() throws Exception {
    feedBody = rss(item("pub-tick", "Тик", "так", video(VIDEO.length)));
    register(150);
    long deadline = System.currentTimeMillis() + 10_000;
    while (sandbox.posts().isEmpty() && System.currentTimeMillis() < deadline) Thread.sleep(50);
    assertEquals(1, sandbox.posts().size());
    Thread.sleep(400);
    assertEquals(1, sandbox.posts().size(), "later polls import nothing twice");
    assertTrue(requests.stream().filter(p -> p.equals("/feed.xml")).count() >= 2);
  }

  @Test
  void anEnclosureThatFailsToDownloadIsRetriedOnTheNextPoll() throws Exception {
    feedBody = rss(item("pub-r", "Повтор", "повтор", video(VIDEO.length)));
    videoFailures.set(1);
    register(60_000);
    JsonObject first = pollNow();
    assertTrue(first.getJsonObject("itemErrors").getString("pub-r").contains("HTTP 503"), first.encode());
    assertEquals(0, sandbox.posts().size());
    JsonObject second = pollNow();
    assertEquals(1, sandbox.posts().size());
    assertEquals(videoSha, sandbox.posts().getJsonObject(0).getString("sha256"));
    assertTrue(second.getJsonObject("itemErrors").isEmpty(), second.encode());
  }

  @Test
  void itemsTheImporterCannotUseAreReportedNotRecorded() throws Exception {
    feedBody = rss(item("no-video", "Без видео", "d", "<enclosure url=\"" + origin + "/cover.jpg\" type=\"image/jpeg\" length=\"10\"/>"),
        item("bad-length", "Длина", "d", video(VIDEO.length + 1)),
        "<item><guid>no-date</guid><title>t</title>" + video(VIDEO.length) + "</item>",
        item("relative", "t", "d", "<enclosure url=\"/video.mp4\" type=\"video/mp4\" length=\"1\"/>"));
    register(60_000);
    JsonObject feed = pollNow();
    JsonObject errors = feed.getJsonObject("itemErrors");
    assertTrue(errors.getString("no-video").contains("no <enclosure> of a video"), errors.encode());
    assertTrue(errors.getString("bad-length").contains("length says " + (VIDEO.length + 1)), errors.encode());
    assertTrue(errors.getString("no-date").contains("pubDate"), errors.encode());
    assertTrue(errors.getString("relative").contains("not an absolute"), errors.encode());
    assertEquals(0, sandbox.posts().size());
  }

  @Test
  void malformedOrNonXmlFeedsAreAPollErrorAndExternalEntitiesAreNeverResolved() throws Exception {
    register(60_000);
    feedBody = "<rss version=\"2.0\"><channel><item>";
    assertTrue(pollNow().getString("lastError").startsWith("malformed feed: not well-formed XML"));
    feedBody = "<?xml version=\"1.0\"?><feed xmlns=\"http://www.w3.org/2005/Atom\"></feed>";
    assertTrue(pollNow().getString("lastError").contains("not <rss>"));
    feedBody = "<?xml version=\"1.0\"?><rss version=\"0.91\"><channel/></rss>";
    assertTrue(pollNow().getString("lastError").contains("only RSS 2.0"));

    feedBody = "<?xml version=\"1.0\"?><!DOCTYPE rss [<!ENTITY x SYSTEM \"" + origin + "/secret\">]><rss version=\"2.0\"><channel>"
        + "<item><guid>xxe</guid><title>&x;</title>" + video(VIDEO.length) + "<pubDate>Tue, 03 Jun 2025 10:15:30 GMT</pubDate></item></channel></rss>";
    JsonObject xxe = pollNow();
    assertTrue(xxe.getString("lastError").contains("DOCTYPE"), xxe.encode());
    assertTrue(requests.stream().noneMatch(p -> p.equals("/secret")), "the external entity was never fetched: " + requests);
    assertEquals(0, sandbox.posts().size());

    feedBody = rss(item("html", "t", "d", video(VIDEO.length)));
    feedType = "text/html; charset=utf-8";
    assertTrue(pollNow().getString("lastError").contains("not as XML"));
    feedType = "application/rss+xml; charset=utf-8";
    assertNull(pollNow().getString("lastError"));
    assertEquals(1, sandbox.posts().size());
  }

  @Test
  void pollFaults() throws Exception {
    feedBody = rss(item("pub-f", "Сбой", "сбой", video(VIDEO.length)));
    register(60_000);
    sandbox.fault(new JsonObject().put("kind", "http_error").put("match", "poll"));
    JsonObject aborted = pollNow();
    assertTrue(aborted.getString("lastError").contains("could not fetch"), aborted.encode());
    assertTrue(requests.isEmpty(), "Dzen never reached the feed");
    sandbox.fault(new JsonObject().put("kind", "processing_failure").put("match", "poll"));
    JsonObject failed = pollNow();
    assertTrue(failed.getJsonObject("itemErrors").getString("pub-f").contains("processing_failure"));
    assertEquals(0, sandbox.posts().size());
    pollNow();
    assertEquals(1, sandbox.posts().size());
  }

  /**
   * Issue 13 row 10: the importer fetches as Dzen's robot, with the agent Yandex's robots table gives it
   * (docs/platforms/dzen.md, "Who fetched the feed"); {@code "fetcher": "reader"} plays a person's feed reader, which
   * fetches the feed with a browser's agent and imports nothing.
   */
  @Test
  void theImporterFetchesAsDzensRobotAndAReaderOnlyLooks() throws Exception {
    feedBody = rss(item("pub-ua", "Агент", "агент", video(VIDEO.length)));
    register(60_000);
    pollNow();
    String robot = "Mozilla/5.0 (compatible; YandexZenRss/1.0; +http://yandex.com/bots)";
    assertEquals(List.of("/feed.xml " + robot, "/video.mp4 " + robot), agents);
    assertEquals(1, sandbox.posts().size());

    sandbox.delete("/dzen/_sandbox/feeds");
    sandbox.delete("/_sandbox/posts");
    agents.clear();
    assertEquals(201, sandbox.postJson("/dzen/_sandbox/feeds", new JsonObject().put("url", origin + "/feed.xml").put("intervalMs", 60_000)
        .put("fetcher", "reader")).statusCode());
    JsonObject feed = pollNow();
    assertEquals("reader", feed.getString("fetcher"));
    assertNull(feed.getString("lastError"), feed.encode());
    assertEquals(1, agents.size(), agents.toString());
    assertTrue(agents.get(0).startsWith("/feed.xml Mozilla/5.0 (X11;") && !agents.get(0).contains("Yandex"), agents.toString());
    assertTrue(sandbox.posts().isEmpty(), "a reader imports nothing");
    assertTrue(feed.getJsonArray("imported").isEmpty());
  }

  @Test
  void registrationIsValidated() throws Exception {
    assertEquals(400, sandbox.postJson("/dzen/_sandbox/feeds", new JsonObject().put("url", origin + "/feed.xml").put("fetcher", "crawler"))
        .statusCode());
    assertEquals(400, sandbox.postJson("/dzen/_sandbox/feeds", new JsonObject().put("url", "/feed.xml")).statusCode());
    assertEquals(400, sandbox.postJson("/dzen/_sandbox/feeds", new JsonObject().put("url", origin + "/feed.xml").put("intervalMs", 5)).statusCode());
    register(60_000);
    assertEquals(409, sandbox.postJson("/dzen/_sandbox/feeds", new JsonObject().put("url", origin + "/feed.xml")).statusCode());
    assertEquals(1, new JsonObject(sandbox.get("/dzen/_sandbox/feeds").body()).getJsonArray("items").size());
    assertEquals(204, sandbox.delete("/dzen/_sandbox/feeds?url=" + java.net.URLEncoder.encode(origin + "/feed.xml", StandardCharsets.UTF_8)).statusCode());
    assertEquals(0, new JsonObject(sandbox.get("/dzen/_sandbox/feeds").body()).getJsonArray("items").size());
  }
}
