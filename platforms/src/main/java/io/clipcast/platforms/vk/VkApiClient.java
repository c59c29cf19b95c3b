package io.clipcast.platforms.vk;

import io.clipcast.platforms.PlatformFailure;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;

/**
 * VK's method API (docs/platforms/vk.md): form-encoded POSTs to {@code <api>/method/<name>} with {@code v} (the
 * version conf/platforms/vk.json names in {@code api.version}) and the token as a Bearer header; unwraps
 * {@code {"response":…}} or fails with the classified
 * {@code {"error":…}}. Error 6 (more than ~3 requests a second per token) is waited out in place twice, as VK's own
 * clients do, before it is reported.
 */
final class VkApiClient {
  private static final int TOO_MANY_RETRIES = 2;
  private static final long TOO_MANY_WAIT_MS = 400;

  private final Vertx vertx;
  private final WebClient web;
  private final String base;
  private final String version;
  private final long callTimeoutMs;

  VkApiClient(Vertx vertx, WebClient web, String base, String version, long callTimeoutMs) {
    this.vertx = vertx;
    this.web = web;
    this.base = base;
    this.version = version;
    this.callTimeoutMs = callTimeoutMs;
  }

  /** The {@code response} object of {@code method}. */
  Future<JsonObject> call(String token, String method, MultiMap params) {
    return attempt(token, method, params, 0);
  }

  private Future<JsonObject> attempt(String token, String method, MultiMap params, int tries) {
    MultiMap form = MultiMap.caseInsensitiveMultiMap().addAll(params).set("v", version);
    return web.postAbs(base + "/method/" + method).putHeader("Authorization", "Bearer " + token).timeout(callTimeoutMs).sendForm(form)
        .recover(e -> Future.failedFuture(VkErrors.unreachable(method, e)))
        .compose(r -> {
          if (r.statusCode() != 200) {
            return Future.failedFuture(VkErrors.http(r.statusCode(), method, VkIdClient.retryAfterMs(r.getHeader("Retry-After"))));
          }
          JsonObject body = json(r);
          if (body == null) return Future.failedFuture(PlatformFailure.retryable(null, "VK answered " + method + " with something unreadable."));
          JsonObject error = body.getJsonObject("error");
          if (error == null) return Future.succeededFuture(body.getJsonObject("response", new JsonObject()));
          int code = error.getInteger("error_code", 0);
          if (code == 6 && tries < TOO_MANY_RETRIES) {
            return vertx.timer(TOO_MANY_WAIT_MS).compose(v -> attempt(token, method, params, tries + 1));
          }
          return Future.failedFuture(VkErrors.of(code, error.getString("error_msg", ""), method));
        });
  }

  private static JsonObject json(HttpResponse<Buffer> r) {
    try {
      return r.bodyAsJsonObject();
    } catch (RuntimeException e) {
      return null;
    }
  }
}
