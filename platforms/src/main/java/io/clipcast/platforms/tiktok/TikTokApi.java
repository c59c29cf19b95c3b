package io.clipcast.platforms.tiktok;

import io.clipcast.platforms.PlatformFailure;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;

import java.time.ZoneId;

/**
 * Calls to TikTok's v2 API ({@code platformApis.tiktok.api}) with the user's token. Every answer carries
 * {@code {"data","error":{"code","message","log_id"}}}; {@code "ok"} yields {@code data}, anything else fails with a
 * classified {@link PlatformFailure} ({@link TikTokErrors}).
 */
final class TikTokApi {
  private final WebClient web;
  private final String base;
  private final long timeoutMs;

  TikTokApi(WebClient web, String base, long timeoutMs) {
    this.web = web;
    this.base = base;
    this.timeoutMs = timeoutMs;
  }

  /** {@code POST base+path} with a JSON body; {@code what} names the step in messages ("creating the post"). */
  Future<JsonObject> post(String token, String pathAndQuery, JsonObject body, String what, ZoneId zone) {
    return web.postAbs(base + pathAndQuery).timeout(timeoutMs).putHeader("Authorization", "Bearer " + token)
        .putHeader("Content-Type", "application/json; charset=UTF-8").sendBuffer(body.toBuffer())
        .recover(e -> Future.failedFuture(TikTokErrors.unreachable(what, e)))
        .compose(r -> answer(r, what, zone));
  }

  Future<JsonObject> get(String token, String pathAndQuery, String what, ZoneId zone) {
    return web.getAbs(base + pathAndQuery).timeout(timeoutMs).putHeader("Authorization", "Bearer " + token).send()
        .recover(e -> Future.failedFuture(TikTokErrors.unreachable(what, e)))
        .compose(r -> answer(r, what, zone));
  }

  private static Future<JsonObject> answer(HttpResponse<Buffer> r, String what, ZoneId zone) {
    JsonObject body;
    try {
      body = r.bodyAsJsonObject();
    } catch (RuntimeException e) {
      body = null;
    }
    JsonObject error = body == null ? null : body.getJsonObject("error");
    String code = error == null ? null : error.getString("code");
    if (r.statusCode() == 200 && "ok".equals(code)) {
      JsonObject data = body.getJsonObject("data");
      return Future.succeededFuture(data == null ? new JsonObject() : data);
    }
    return Future.failedFuture(TikTokErrors.of(r.statusCode(), code, error == null ? null : error.getString("message"), what,
        TikTokErrors.retryAfterMs(r.getHeader("Retry-After")), zone));
  }
}
