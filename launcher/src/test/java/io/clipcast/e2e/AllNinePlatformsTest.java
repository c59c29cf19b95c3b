package io.clipcast.e2e;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One clip to all nine platforms from one API call, with the OAuth apps dev mode ships ({@code conf/dev.json}): every
 * target ends on its own; LinkedIn's processing fails once and only LinkedIn fails; "retry" re-runs LinkedIn alone,
 * the other eight are refused a retry and never post twice.
 */
class AllNinePlatformsTest {
  static final Path CLIP = Path.of("../common/src/test/resources/media/portrait_6s_all_platforms.mp4");
  static final List<String> OAUTH = List.of("vk", "dzen", "youtube", "tiktok", "instagram", "facebook", "linkedin");
  static final Set<String> TITLED = Set.of("vk", "rutube", "dzen", "youtube", "facebook", "linkedin");
  static final String BOT = "123456789:AAEhBOweik6ad9r_QXMENQjcrGbqCr4K-ra";

  /** A world using dev mode's OAuth apps, each platform's sandbox set to approve and to process quickly. */
  static PublishWorld world() throws Exception {
    JsonObject dev = new JsonObject(Files.readString(Path.of("../conf/dev.json")));
    PublishWorld world = new PublishWorld(new JsonObject().put("oauth", new JsonObject().put("clients", dev.getJsonObject("oauth").getJsonObject("clients")))
        .put("verticles", new JsonObject().put("api", 1).put("scheduler", 1).put("publish", 3).put("stats", 0)));
    for (String p : OAUTH) world.sandboxPost("/" + p + "/_sandbox/oauth", new JsonObject().put("autoApprove", true));
    // dev mode's apps are pre-registered for dev mode's callback; tests answer on PublishWorld's
    JsonObject clients = dev.getJsonObject("oauth").getJsonObject("clients");
    JsonArray redirect = new JsonArray().add(world.config.getJsonObject("oauth").getString("redirectUri"));
    world.sandboxPost("/dzen/_sandbox/clients", new JsonObject().put("clientId", clients.getJsonObject("dzen").getString("clientId"))
        .put("clientSecret", clients.getJsonObject("dzen").getString("clientSecret")).put("redirectUris", redirect));
    world.sandboxPost("/youtube/_sandbox/clients", new JsonObject().put("clientId", clients.getJsonObject("youtube").getString("clientId"))
        .put("clientSecret", clients.getJsonObject("youtube").getString("clientSecret")).put("redirectUris", redirect));
    world.sandboxPost("/tiktok/_sandbox/clients", new JsonObject().put("clientKey", clients.getJsonObject("tiktok").getString("clientId"))
        .put("clientSecret", clients.getJsonObject("tiktok").getString("clientSecret")).put("redirectUris", redirect));
    world.sandboxPost("/vk/_sandbox/api", new JsonObject().put("processingMs", 100));
    world.sandboxPost("/rutube/_sandbox/settings", new JsonObject().put("processingMs", 200));
    world.sandboxPost("/youtube/_sandbox/settings", new JsonObject().put("processingMs", 200));
    world.sandboxPost("/tiktok/_sandbox/settings", new JsonObject().put("processingMs", 200));
    world.sandboxPost("/instagram/_sandbox/api", new JsonObject().put("processingMs", 200));
    world.sandboxPost("/facebook/_sandbox/api", new JsonObject().put("processingMs", 200));
    world.sandboxPost("/linkedin/_sandbox/settings", new JsonObject().put("processingMs", 200));
    world.sandboxPost("/rutube/_sandbox/accounts", new JsonObject().put("login", "all9@example.com").put("password", "pw").put("userId", 4299));
    world.sandboxPost("/telegram/_sandbox/bots", new JsonObject().put("token", BOT).put("id", 123456789L).put("username", "clipcast_bot"));
    world.sandboxPost("/telegram/_sandbox/chats", new JsonObject().put("id", -1001234567899L).put("title", "Все платформы")
        .put("username", "all9").put("admins", new JsonObject().put("123456789", "administrator")));
    return world;
  }

  /** Connects all nine for {@code token}: platform → connection id (Дзен's feed is polled every 250 ms). */
  static Map<String, String> connectAll(PublishWorld world, String token) {
    Map<String, String> conns = new LinkedHashMap<>();
    for (String p : OAUTH) {
      PublishWorld.Reply r = world.connectOAuth(token, p);
      assertEquals(201, r.status(), p + ": " + r.body());
      conns.put(p, r.json().getString("id"));
      if (p.equals("dzen")) {
        world.sandboxPost("/dzen/_sandbox/feeds", new JsonObject().put("url", r.json().getString("feedUrl")).put("intervalMs", 250));
      }
    }
    conns.put("rutube", created(world.json("POST", world.api + "/api/v1/connections", token, new JsonObject().put("platform", "rutube")
        .put("credentials", new JsonObject().put("login", "all9@example.com").put("password", "pw")))));
    conns.put("telegram", created(world.json("POST", world.api + "/api/v1/connections", token, new JsonObject().put("platform", "telegram")
        .put("credentials", new JsonObject().put("botToken", BOT).put("chat", "@all9")))));
    return conns;
  }

  static JsonObject target(String platform, String connectionId, String caption) {
    JsonObject t = new JsonObject().put("connectionId", connectionId).put("caption", caption);
    if (TITLED.contains(platform)) t.put("title", "Один клип — девять платформ");
    return t;
  }

  private static String created(PublishWorld.Reply r) {
    assertEquals(201, r.status(), r.body());
    return r.json().getString("id");
  }

  @Test
  void oneCallPublishesToAllNineEachEndsOnItsOwnAndRetryRerunsOnlyTheFailedOne() throws Exception {
    try (PublishWorld world = world()) {
      String token = world.user("business");
      Map<String, String> conns = connectAll(world, token);
      JsonObject clip = world.upload(token, CLIP);
      assertEquals("ready", clip.getString("status"), clip.encodePrettily());
      world.fault(new JsonObject().put("platform", "linkedin").put("kind", "processing_failure").put("match", "finalizeUpload"));

      JsonArray targets = new JsonArray();
      conns.forEach((p, id) -> targets.add(target(p, id, "Один клип, девять платформ #clipcast")));
      JsonArray items = world.publish(token, new JsonObject().put("clipId", clip.getString("id")).put("targets", targets));
      assertEquals(9, items.size());
      Map<String, String> byPlatform = new LinkedHashMap<>();
      items.forEach(o -> byPlatform.put(((JsonObject) o).getString("platform"), ((JsonObject) o).getString("id")));
      assertEquals(conns.keySet(), byPlatform.keySet());

      Map<String, JsonObject> ended = new LinkedHashMap<>();
      for (Map.Entry<String, String> e : byPlatform.entrySet()) {
        ended.put(e.getKey(), world.awaitPublication(token, e.getValue(),
            PublishWorld.status("published", "failed", "unknown", "waiting_reconnect"), Duration.ofSeconds(90)));
      }
      for (Map.Entry<String, JsonObject> e : ended.entrySet()) {
        String expected = e.getKey().equals("linkedin") ? "failed" : "published";
        assertEquals(expected, e.getValue().getString("status"), e.getKey() + ": " + e.getValue().encodePrettily());
        if (expected.equals("published")) {
          // Дзен imports the post from our feed and tells nobody its address; every other platform answers with one
          if (!e.getKey().equals("dzen")) {
            assertTrue(String.valueOf(e.getValue().getString("externalUrl")).startsWith("https://"), e.getKey() + ": " + e.getValue().encodePrettily());
          }
          JsonArray posts = world.ledger(e.getKey());
          assertEquals(1, posts.size(), e.getKey() + ": " + posts.encodePrettily());
          assertEquals(clip.getString("sha256"), posts.getJsonObject(0).getString("sha256"), e.getKey() + " got our exact bytes");
        }
      }
      assertTrue(ended.get("linkedin").getString("lastError").toLowerCase().contains("process"), ended.get("linkedin").encodePrettily());
      assertEquals(0, world.ledger("linkedin").size());

      // the user presses "retry" on everything: only the failed target runs again
      for (Map.Entry<String, String> e : byPlatform.entrySet()) {
        PublishWorld.Reply r = world.json("POST", world.api + "/api/v1/publications/" + e.getValue() + "/retry", token, null);
        assertEquals(e.getKey().equals("linkedin") ? 200 : 409, r.status(), e.getKey() + ": " + r.body());
      }
      JsonObject linkedin = world.awaitPublication(token, byPlatform.get("linkedin"), PublishWorld.status("published", "failed", "unknown"),
          Duration.ofSeconds(60));
      assertEquals("published", linkedin.getString("status"), linkedin.encodePrettily());
      for (Map.Entry<String, String> e : byPlatform.entrySet()) {
        JsonObject p = world.publication(token, e.getValue());
        assertEquals("published", p.getString("status"), e.getKey());
        assertEquals(1, world.ledger(e.getKey()).size(), e.getKey() + " posted exactly once");
        if (!e.getKey().equals("linkedin")) {
          assertEquals(ended.get(e.getKey()).getString("publishedAt"), p.getString("publishedAt"), e.getKey() + " was not touched by the retry");
        }
      }
    }
  }
}
