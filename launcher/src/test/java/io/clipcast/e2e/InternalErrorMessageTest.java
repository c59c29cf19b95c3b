package io.clipcast.e2e;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.clipcast.publish.PublishVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 11 row L14: a publish node started without the token key (crypto.keys) used to show the user
 * {@code Unexpected error: Cannot invoke "…TokenCipher.decrypt(…)" because "this.cipher" is null}. The user now reads a
 * message to act on with an error id, and the log has the exception with its stack under that id.
 */
class InternalErrorMessageTest {
  @Test
  void anUnexpectedExceptionShowsAnErrorIdAndLogsTheStackUnderIt() throws Exception {
    ListAppender<ILoggingEvent> logged = new ListAppender<>();
    Logger internal = (Logger) LoggerFactory.getLogger("io.clipcast.publish.pipeline.InternalErrors");
    logged.start();
    internal.addAppender(logged);
    try (PublishWorld world = new PublishWorld(new JsonObject().put("verticles", new JsonObject()
        .put("api", 1).put("scheduler", 1).put("publish", 0).put("stats", 0)))) {
      // the API (with the key) stores the bot token encrypted; the only publish worker runs without any key
      JsonObject misconfigured = world.config.copy();
      misconfigured.getJsonObject("crypto").put("activeKeyId", "").put("keys", new JsonArray());
      world.node.vertx().deployVerticle(PublishVerticle::new, new DeploymentOptions().setConfig(misconfigured))
          .await(30, TimeUnit.SECONDS);

      String bot = "700099001:AAEinternalerrorxxxxxxxxxxxxxxxxxxxx";
      world.sandboxPost("/telegram/_sandbox/bots", new JsonObject().put("token", bot).put("id", 700099001L).put("username", "boterr"));
      world.sandboxPost("/telegram/_sandbox/chats", new JsonObject().put("id", -1009900990099L).put("title", "Err").put("username", "chanerr")
          .put("admins", new JsonObject().put("700099001", "administrator")));
      String token = world.user("pro");
      PublishWorld.Reply conn = world.json("POST", world.api + "/api/v1/connections", token, new JsonObject().put("platform", "telegram")
          .put("credentials", new JsonObject().put("botToken", bot).put("chat", "@chanerr")));
      assertEquals(201, conn.status(), conn.body());
      String clip = world.upload(token, PublishWorld.CLIP).getString("id");
      String id = world.publish(token, new JsonObject().put("clipId", clip).put("targets", new JsonArray()
          .add(new JsonObject().put("connectionId", conn.json().getString("id")).put("caption", "x")))).getJsonObject(0).getString("id");

      JsonObject p = world.awaitPublication(token, id, x -> x.getValue("lastError") != null, Duration.ofSeconds(60));
      JsonObject error = p.getJsonObject("lastError");
      String message = error.getString("message");
      assertEquals("internal_error", error.getString("code"), p.encodePrettily());
      assertFalse(message.contains("Exception") || message.contains("Cannot invoke") || message.contains("null"), message);
      Matcher m = Pattern.compile("error id (E-[0-9a-f]{12})").matcher(message);
      assertTrue(m.find(), message);
      assertTrue(message.contains("try again by itself"), message);

      String errorId = m.group(1);
      java.util.List<ILoggingEvent> events;
      synchronized (logged) { // written on worker threads under the appender's lock (AppenderBase.doAppend)
        events = new java.util.ArrayList<>(logged.list);
      }
      ILoggingEvent event = events.stream().filter(e -> e.getKeyValuePairs() != null || e.getArgumentArray() != null)
          .filter(e -> java.util.Arrays.toString(e.getArgumentArray()).contains(errorId)).findFirst().orElse(null);
      assertNotNull(event, "the log has an entry under " + errorId);
      assertNotNull(event.getThrowableProxy(), "with the exception");
      assertTrue(event.getThrowableProxy().getStackTraceElementProxyArray().length > 0, "and its stack");
      assertTrue(event.getThrowableProxy().getMessage().contains("cipher"), event.getThrowableProxy().getMessage());
    } finally {
      internal.detachAppender(logged);
    }
  }
}
