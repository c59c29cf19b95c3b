package io.clipcast.e2e;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * When a platform is down its breaker opens: jobs wait in the queue without spending attempts, and go out once the
 * platform is back.
 */
class CircuitBreakerTest {
  private static final String BOT = "123456789:AAEhBOweik6ad9r_QXMENQjcrGbqCr4K-ra";

  @Test
  void aPlatformThatIsDownPausesItsJobsWithoutSpendingAttempts() throws Exception {
    JsonObject overrides = new JsonObject()
        .put("publish", new JsonObject().put("breakerMaxFailures", 2).put("breakerResetSeconds", 3))
        .put("verticles", new JsonObject().put("api", 1).put("scheduler", 1).put("publish", 1).put("stats", 0))
        .put("retry", new JsonObject().put("delaysMs", new JsonArray().add(200).add(200).add(200)).put("maxRetries", 3).put("minDelayMs", 100));
    try (PublishWorld world = new PublishWorld(overrides)) {
      world.sandboxPost("/telegram/_sandbox/bots", new JsonObject().put("token", BOT).put("id", 123456789L).put("username", "clipcast_bot"));
      world.sandboxPost("/telegram/_sandbox/chats", new JsonObject().put("id", -1001234567890L).put("title", "Курсы").put("username", "kursy")
          .put("admins", new JsonObject().put("123456789", "administrator")));
      String token = world.user("pro");
      PublishWorld.Reply c = world.json("POST", world.api + "/api/v1/connections", token, new JsonObject().put("platform", "telegram")
          .put("credentials", new JsonObject().put("botToken", BOT).put("chat", "@kursy")));
      assertEquals(201, c.status(), c.body());
      String conn = c.json().getString("id");
      JsonObject clip = world.upload(token, PublishWorld.CLIP);
      // Telegram answers 502 to every sendVideo: down
      world.fault(new JsonObject().put("platform", "telegram").put("kind", "http_error").put("status", 502).put("match", "sendVideo")
          .put("probability", 1.0));

      String first = publish(world, token, clip, conn, "first");
      world.awaitPublication(token, first, p -> p.getInteger("attempts") >= 2, Duration.ofSeconds(30));   // two failures open it
      String second = publish(world, token, clip, conn, "second");
      Thread.sleep(1500);
      JsonObject waiting = world.publication(token, second);
      assertEquals(0, waiting.getInteger("attempts"), "no attempt spent while the breaker is open: " + waiting.encodePrettily());
      assertTrue(waiting.getString("status").equals("queued"), waiting.encodePrettily());

      world.json("DELETE", world.sandbox + "/_sandbox/faults", null, null);   // Telegram is back
      JsonObject p = world.awaitPublication(token, second, PublishWorld.status("published", "failed", "unknown"), Duration.ofSeconds(30));
      assertEquals("published", p.getString("status"), p.encodePrettily());
      assertEquals(1, p.getInteger("attempts"));
    }
  }

  private static String publish(PublishWorld world, String token, JsonObject clip, String conn, String caption) {
    return world.publish(token, new JsonObject().put("clipId", clip.getString("id")).put("targets", new JsonArray()
        .add(new JsonObject().put("connectionId", conn).put("caption", caption)))).getJsonObject(0).getString("id");
  }
}
