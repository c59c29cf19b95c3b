package io.clipcast.api.feeds;

import io.clipcast.api.ApiFixture;
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
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 13 row 10, with the shipped config (Дзен is the real one, not a sandbox on this machine): whoever holds the
 * feed URL can open it, but a fetch publishes nothing unless it is Дзен's robot on a Yandex address. Here every request
 * comes from 127.0.0.1, which DNS names "localhost", not a Yandex host: a browser, and an agent that only claims to be
 * Дзен's robot, both get the feed and publish nothing.
 */
class FeedFetchCountsOnlyForDzenTest {
  private static final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private static ApiFixture api;

  @BeforeAll
  static void start() {
    api = new ApiFixture();
  }

  @AfterAll
  static void stop() throws Exception {
    api.close();
  }

  private static HttpResponse<String> fetch(String url, String agent) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(url)).header("User-Agent", agent).build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void aBrowserOrAForgedRobotAgentGetsTheFeedButPublishesNothing() throws Exception {
    ApiFixture.User user = api.user("pro");
    String connection = UUID.randomUUID().toString();
    api.sql("INSERT INTO platform_connections (id, user_id, platform, external_account_id, display_name, status, metadata) VALUES ('"
        + connection + "', '" + user.id() + "', 'dzen', 'acc-" + connection + "', 'Горные тропы', 'connected', '{\"feedNonce\": \""
        + UUID.randomUUID() + "\"}'::jsonb)");
    byte[] mp4;
    try (InputStream in = getClass().getClassLoader().getResourceAsStream("media/portrait_h264_aac_faststart.mp4")) {
      mp4 = in.readAllBytes();
    }
    HttpResponse<String> up = http.send(HttpRequest.newBuilder(URI.create(api.base + "/api/v1/clips?fileName=tropa.mp4"))
        .header("Authorization", "Bearer " + user.token()).header("Content-Type", "video/mp4")
        .POST(HttpRequest.BodyPublishers.ofByteArray(mp4)).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(201, up.statusCode(), up.body());
    String publication = UUID.randomUUID().toString();
    api.sql("INSERT INTO publications (id, user_id, clip_id, connection_id, platform, caption, title, status, attempts) VALUES ('"
        + publication + "', '" + user.id() + "', '" + new JsonObject(up.body()).getString("id") + "', '" + connection
        + "', 'dzen', 'Рассвет', 'Рассвет', 'publishing', 1)");
    String feedUrl = connectionJson(user, connection).getString("feedUrl");

    HttpResponse<String> browser = fetch(feedUrl, FeedAgents.BROWSER);
    assertEquals(200, browser.statusCode(), "the owner may look at the feed");
    assertTrue(browser.body().contains("<guid isPermaLink=\"false\">" + publication + "</guid>"), browser.body());
    assertEquals("publishing", status(user, publication), "a person opening the feed is not Дзен fetching it");

    HttpResponse<String> forged = fetch(feedUrl, FeedAgents.ROBOT);
    assertEquals(200, forged.statusCode());
    assertEquals("publishing", status(user, publication), "Дзен's agent from an address DNS does not name as Yandex's is not Дзен");

    JsonObject shown = connectionJson(user, connection);
    assertNull(shown.getString("feedFetchedAt"), "the connection does not claim Дзен fetched its feed: " + shown.encode());
    JsonObject metadata = metadata(connection);
    assertEquals(FeedAgents.ROBOT, metadata.getJsonObject("feedOtherFetch").getString("userAgent"), "kept apart, for the user");
    assertTrue(metadata.getJsonObject("feedOtherFetch").getString("at") != null);
    assertTrue(!metadata.encode().contains("127.0.0.1"), "no address is stored: " + metadata.encode());
  }

  private static String status(ApiFixture.User user, String publication) {
    return api.get("/api/v1/publications/" + publication, user.token()).json().getString("status");
  }

  private static JsonObject connectionJson(ApiFixture.User user, String id) {
    JsonArray items = api.get("/api/v1/connections", user.token()).json().getJsonArray("items");
    return items.stream().map(JsonObject.class::cast).filter(c -> c.getString("id").equals(id)).findFirst().orElseThrow();
  }

  private static JsonObject metadata(String connection) throws Exception {
    JsonObject db = api.config.getJsonObject("db");
    try (java.sql.Connection c = java.sql.DriverManager.getConnection(io.clipcast.db.PgPools.jdbcUrl(db), db.getString("user"), "");
         java.sql.ResultSet rs = c.createStatement().executeQuery("SELECT metadata::text FROM platform_connections WHERE id = '" + connection + "'")) {
      rs.next();
      return new JsonObject(rs.getString(1));
    }
  }
}
