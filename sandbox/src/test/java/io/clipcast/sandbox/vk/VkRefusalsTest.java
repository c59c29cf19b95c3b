package io.clipcast.sandbox.vk;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * VK refuses a rate in an HTTP 200 (error 6), so the kit's refusal counter (docs/sandbox.md, {@code /_sandbox/refusals})
 * hears of it from the simulator: the per-token limit, an injected rate_limit, and the kit's app-wide limit on video.save.
 */
class VkRefusalsTest {
  private static VkSandbox sb;

  @BeforeAll
  static void start() throws Exception {
    sb = new VkSandbox();
  }

  @AfterAll
  static void stop() throws Exception {
    sb.close();
  }

  private static int call(String token, String method) throws Exception {
    Map<String, String> form = new LinkedHashMap<>();
    form.put("access_token", token);
    form.put("v", "5.199");
    VkSandbox.Resp r = sb.postForm("/vk/api/method/" + method, form);
    assertEquals(200, r.status(), r.body());
    JsonObject error = r.json().getJsonObject("error");
    return error == null ? 0 : error.getInteger("error_code");
  }

  private static long refusals() throws Exception {
    return new JsonObject(sb.get("/_sandbox/refusals").body()).getLong("total");
  }

  @Test
  void everyErrorSixIsCounted() throws Exception {
    sb.send(HttpMethod.DELETE, "/_sandbox/refusals", null, null);
    sb.control("/vk/_sandbox/api", new JsonObject().put("requestsPerSecond", 2).put("processingMs", 0));
    String token = sb.control("/vk/_sandbox/tokens", new JsonObject().put("userId", 3001)).getString("access_token");
    assertEquals(0, call(token, "video.get"));
    assertEquals(0, call(token, "video.get"));
    assertEquals(6, call(token, "video.get"), "the token's third call in a second");
    assertEquals(1, refusals());

    sb.control("/vk/_sandbox/api", new JsonObject().put("requestsPerSecond", 0));
    sb.control("/_sandbox/faults", new JsonObject().put("platform", "vk").put("kind", "rate_limit").put("match", "video.save"));
    assertEquals(6, call(token, "video.save"));
    assertEquals(2, refusals());

    // the app-wide limit counts every token together
    sb.control("/_sandbox/pacing", new JsonObject().put("platform", "vk").put("appPerSecond", 1).put("appBurst", 1));
    String other = sb.control("/vk/_sandbox/tokens", new JsonObject().put("userId", 3002)).getString("access_token");
    assertEquals(0, call(token, "video.save"));
    assertEquals(6, call(other, "video.save"), "another account, same app: over the app's 1/s");
    assertEquals(0, call(other, "video.get"), "only video.save is counted against the app");
    assertEquals(3, refusals());
    assertEquals(3, new JsonObject(sb.get("/_sandbox/refusals").body()).getJsonObject("platforms").getLong("vk"));
    sb.send(HttpMethod.DELETE, "/_sandbox/pacing", null, null);
  }
}
