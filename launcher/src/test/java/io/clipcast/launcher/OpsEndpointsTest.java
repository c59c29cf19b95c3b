package io.clipcast.launcher;

import io.clipcast.devservices.EmbeddedRedis;
import io.clipcast.testing.TestServices;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** /health, /ready, /metrics and correlation ids on a real node with its own Redis (so it can be stopped). */
class OpsEndpointsTest {
  private static final String OPS_TOKEN = "ops-token-for-tests-0123456789";
  private static EmbeddedRedis redis;
  private static Node node;
  private static String base;
  private static String ops;

  @BeforeAll
  static void start() throws Exception {
    TestServices services = TestServices.get();
    redis = EmbeddedRedis.start(TestServices.binCache(), services.root.resolve("ops-redis-" + System.nanoTime()), TestServices.freePort());
    JsonObject config = services.config();
    config.getJsonObject("redis").put("url", redis.url());
    int port = TestServices.freePort();
    config.getJsonObject("http").put("port", port);
    config.getJsonObject("readiness").put("timeoutMs", 1000);
    int opsPort = TestServices.freePort();
    config.getJsonObject("ops").put("enabled", true).put("host", "127.0.0.1").put("port", opsPort).put("token", OPS_TOKEN);
    node = Node.start(config).await(60, TimeUnit.SECONDS);
    base = "http://127.0.0.1:" + port;
    ops = "http://127.0.0.1:" + opsPort;
  }

  @AfterAll
  static void stop() {
    if (node != null) node.stopAndWait();
    if (redis != null) redis.close();
  }

  @Test
  void readyNamesRedisWhileItIsDownAndRecoversWithoutRestart() throws Exception {
    HttpResponse<String> up = Http.get(base + "/ready");
    assertEquals(200, up.statusCode(), up.body());
    assertTrue(Http.json(up).getBoolean("ready"));

    redis.stop();
    HttpResponse<String> down = Http.await(base + "/ready", r -> r.statusCode() == 503, Duration.ofSeconds(15));
    JsonObject body = Http.json(down);
    assertEquals("not_ready", body.getString("status"));
    assertEquals(new io.vertx.core.json.JsonArray().add("redis"), body.getJsonArray("failed"), "only Redis is named");
    assertFalse(body.getJsonObject("checks").getJsonObject("redis").getBoolean("ok"));
    assertTrue(body.getJsonObject("checks").getJsonObject("postgres").getBoolean("ok"));
    assertTrue(body.getJsonObject("error").getString("message").contains("redis"), body.encode());
    assertEquals(200, Http.get(base + "/health").statusCode(), "the process is still alive");

    redis.start();
    HttpResponse<String> back = Http.await(base + "/ready", r -> r.statusCode() == 200, Duration.ofSeconds(30));
    assertTrue(Http.json(back).getBoolean("ready"));
  }

  @Test
  void healthSaysUp() {
    HttpResponse<String> r = Http.get(base + "/health");
    assertEquals(200, r.statusCode());
    assertEquals("up", Http.json(r).getString("status"));
  }

  @Test
  void metricsArePrometheusTextWithJvmHttpPoolAndEventBusFamilies() {
    Http.get(base + "/api/v1");
    Http.get(base + "/api/v1/clips/123e4567-e89b-12d3-a456-426614174000"); // unknown route: must not become a label
    Http.get(base + "/ready");
    HttpResponse<String> r = Http.get(ops + "/metrics", "Authorization", "Bearer " + OPS_TOKEN);
    assertEquals(200, r.statusCode());
    assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"), r.headers().toString());
    String text = r.body();
    for (String family : new String[] {"jvm_memory_used_bytes", "jvm_gc_live_data_size_bytes", "jvm_threads_live_threads",
        "vertx_http_server_requests_total", "vertx_pool_", "vertx_eventbus_handlers",
        "clipcast_queue_depth{platform=\"\",set=\"delayed\"", "clipcast_queue_oldest_due_age_seconds", "clipcast_queue_lease_expiries_total",
        "clipcast_queue_promotion_lag_ms"}) {
      assertTrue(text.contains(family), "metrics lack " + family);
    }
    assertTrue(text.contains("route=\"/api/v1\""), "requests are labelled by route template");
    assertFalse(text.contains("123e4567"), "raw paths never become label values");
    assertFalse(text.contains("path=\""), "no raw path label at all");
  }

  @Test
  void requestIdIsEchoedOrGenerated() {
    HttpResponse<String> given = Http.get(base + "/health", "abc-123.trace");
    assertEquals("abc-123.trace", given.headers().firstValue("X-Request-Id").orElse(null));
    HttpResponse<String> generated = Http.get(base + "/health");
    String id = generated.headers().firstValue("X-Request-Id").orElse(null);
    assertNotNull(id);
    assertEquals(36, id.length(), "a UUID is generated when none is given");
    HttpResponse<String> hostile = Http.get(base + "/health", "x".repeat(500));
    assertEquals(36, hostile.headers().firstValue("X-Request-Id").orElse("").length(), "an oversized id is replaced");
  }

  @Test
  void unknownRouteGetsTheJsonErrorModel() {
    HttpResponse<String> r = Http.get(base + "/api/v1/no-such-thing");
    assertEquals(404, r.statusCode());
    JsonObject error = Http.json(r).getJsonObject("error");
    assertEquals("not_found", error.getString("code"));
    assertTrue(error.getString("message").contains("/api/v1/no-such-thing"));
  }

  /** Issue 11 row L10: metrics and the cluster view are not on the public API port, and the ops port wants its token. */
  @Test
  void metricsAndClusterAreOnlyOnTheOpsPortBehindItsToken() {
    for (String path : new String[] {"/metrics", "/cluster"}) {
      HttpResponse<String> api = Http.get(base + path);
      assertEquals(404, api.statusCode(), path + " on the API port: " + api.body());
      assertTrue(Http.json(api).getJsonObject("error").getString("message").contains("ops port"), api.body());
      HttpResponse<String> anonymous = Http.get(ops + path);
      assertEquals(401, anonymous.statusCode(), path + " without the token");
      assertEquals("unauthorized", Http.json(anonymous).getJsonObject("error").getString("code"));
      assertEquals(401, Http.get(ops + path, "Authorization", "Bearer wrong").statusCode(), path + " with a wrong token");
      assertEquals(200, Http.get(ops + path, "Authorization", "Bearer " + OPS_TOKEN).statusCode(), path + " with the token");
    }
    assertEquals(200, Http.get(base + "/ready").statusCode(), "load balancers still probe the API port");
    assertEquals(200, Http.get(ops + "/ready").statusCode(), "and the ops port, without a token");
  }
}
