package io.clipcast.e2e;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One clip scheduled to VK, Rutube, Дзен and Telegram at once: each target starts within a second of its time, and the
 * user's live event stream shows each go scheduled → queued → publishing → published.
 */
class ScheduledAllPlatformsTest {

  @Test
  void aScheduledClipGoesOutToAllFourOnTimeAndTheStreamShowsEachStep() throws Exception {
    try (PublishWorld world = new PublishWorld(new JsonObject())) {
      world.sandboxPost("/vk/_sandbox/oauth", new JsonObject().put("autoApprove", true));
      world.sandboxPost("/vk/_sandbox/api", new JsonObject().put("processingMs", 100));
      world.sandboxPost("/rutube/_sandbox/settings", new JsonObject().put("processingMs", 200));
      world.sandboxPost("/dzen/_sandbox/clients", new JsonObject().put("clientId", "yandex-app").put("clientSecret", "s3cret")
          .put("redirectUris", new JsonArray().add("https://app.example.com/oauth/callback")));
      world.sandboxPost("/dzen/_sandbox/oauth", new JsonObject().put("autoApprove", true));
      world.sandboxPost("/telegram/_sandbox/bots", new JsonObject().put("token", "123456789:AAEhBOweik6ad9r_QXMENQjcrGbqCr4K-ra")
          .put("id", 123456789L).put("username", "clipcast_bot"));
      world.sandboxPost("/telegram/_sandbox/chats", new JsonObject().put("id", -1001234567890L).put("title", "Курсы").put("username", "kursy")
          .put("admins", new JsonObject().put("123456789", "administrator")));
      world.sandboxPost("/rutube/_sandbox/accounts", new JsonObject().put("login", "all4@example.com").put("password", "pw").put("userId", 4242));

      String token = world.user("business");
      Map<String, String> conns = new HashMap<>();
      conns.put("vk", created(world.connectOAuth(token, "vk")).getString("id"));
      JsonObject dzen = created(world.connectOAuth(token, "dzen"));
      conns.put("dzen", dzen.getString("id"));
      world.sandboxPost("/dzen/_sandbox/feeds", new JsonObject().put("url", dzen.getString("feedUrl")).put("intervalMs", 250));
      conns.put("rutube", created(world.json("POST", world.api + "/api/v1/connections", token, new JsonObject().put("platform", "rutube")
          .put("credentials", new JsonObject().put("login", "all4@example.com").put("password", "pw")))).getString("id"));
      conns.put("telegram", created(world.json("POST", world.api + "/api/v1/connections", token, new JsonObject().put("platform", "telegram")
          .put("credentials", new JsonObject().put("botToken", "123456789:AAEhBOweik6ad9r_QXMENQjcrGbqCr4K-ra").put("chat", "@kursy")))).getString("id"));
      JsonObject clip = world.upload(token, PublishWorld.CLIP);

      BlockingQueue<JsonObject> stream = world.events(token);
      Thread.sleep(300);
      ZoneId zone = ZoneId.of("Europe/Moscow");
      LocalDateTime local = LocalDateTime.now(zone).plusSeconds(4).truncatedTo(ChronoUnit.SECONDS);
      Instant due = local.atZone(zone).toInstant();
      JsonArray targets = new JsonArray();
      conns.forEach((platform, id) -> {
        JsonObject t = new JsonObject().put("connectionId", id).put("caption", "Всем платформам сразу");
        if (!platform.equals("telegram")) t.put("title", "Клип для всех");   // Telegram posts have no title
        targets.add(t);
      });
      JsonArray items = world.publish(token, new JsonObject().put("clipId", clip.getString("id")).put("publishAt", local.toString())
          .put("timeZone", zone.getId()).put("targets", targets));
      assertEquals(4, items.size());

      Map<String, List<String>> steps = new HashMap<>();
      Map<String, Instant> started = new HashMap<>();
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (steps.values().stream().filter(s -> s.contains("published")).count() < 4 && System.nanoTime() < deadline) {
        JsonObject e = stream.poll(1, TimeUnit.SECONDS);
        if (e == null) continue;
        steps.computeIfAbsent(e.getString("platform"), k -> new ArrayList<>()).add(e.getString("to"));
        if ("publishing".equals(e.getString("to"))) started.put(e.getString("platform"), Instant.parse(e.getString("at")));
      }
      for (String platform : List.of("vk", "rutube", "dzen", "telegram")) {
        assertEquals(List.of("scheduled", "queued", "publishing", "published"), steps.get(platform), platform + ": " + steps);
        long lateMs = Duration.between(due, started.get(platform)).toMillis();
        System.out.printf("scheduled start on %s: %d ms after its time%n", platform, lateMs);
        assertTrue(lateMs >= 0 && lateMs < 1000, platform + " started " + lateMs + " ms after its time");
      }
      for (String platform : List.of("vk", "rutube", "dzen", "telegram")) {
        JsonArray posts = world.ledger(platform);
        assertEquals(1, posts.size(), platform + ": " + posts.encodePrettily());
        assertEquals(clip.getString("sha256"), posts.getJsonObject(0).getString("sha256"), platform);
      }
    }
  }

  private static JsonObject created(PublishWorld.Reply r) {
    assertEquals(201, r.status(), r.body());
    return r.json();
  }
}
