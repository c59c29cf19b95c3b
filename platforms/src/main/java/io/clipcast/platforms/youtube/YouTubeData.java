package io.clipcast.platforms.youtube;

import io.clipcast.platforms.PlatformFailure;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;

import java.time.ZoneId;

/**
 * The read calls of the YouTube Data API: {@code videos.list} (one video's parts — status and processingDetails while
 * polling, statistics for counters) and {@code channels.list?mine=true} (whose channel a token belongs to). 1 unit each.
 */
final class YouTubeData {
  private final WebClient web;
  private final String base;
  private final long callMs;
  private final UploadQuota quota;

  YouTubeData(WebClient web, String apiBase, long callMs, UploadQuota quota) {
    this.web = web;
    this.base = apiBase + "/youtube/v3";
    this.callMs = callMs;
    this.quota = quota;
  }

  /** The video resource with {@code parts}, or null when YouTube does not list it (deleted, or not visible). */
  Future<JsonObject> video(String token, String videoId, String parts, ZoneId userZone) {
    return get(token, "/videos", "part", parts, "id", videoId, "the video status check", userZone).map(body -> first(body.getJsonArray("items")));
  }

  /** The token's own channel, or null when the Google account has none. */
  Future<JsonObject> myChannel(String token) {
    return get(token, "/channels", "part", "snippet", "mine", "true", "the channel lookup", ZoneId.of("UTC"))
        .map(body -> first(body.getJsonArray("items")));
  }

  private Future<JsonObject> get(String token, String path, String p1, String v1, String p2, String v2, String what, ZoneId zone) {
    return web.getAbs(base + path).addQueryParam(p1, v1).addQueryParam(p2, v2).timeout(callMs)
        .putHeader("Authorization", "Bearer " + token).send()
        .recover(e -> Future.failedFuture(GoogleErrors.unreachable(what, e)))
        .compose(r -> {
          JsonObject body = ResumableUpload.json(r.body());
          if (r.statusCode() == 200 && body != null) return Future.succeededFuture(body);
          return Future.failedFuture(body == null && r.statusCode() == 200
              ? PlatformFailure.retryable(null, "YouTube's answer to " + what + " was unreadable; it will be retried.")
              : GoogleErrors.of(r.statusCode(), body, r.getHeader("Retry-After"), what, quota, zone));
        });
  }

  private static JsonObject first(JsonArray items) {
    return items == null || items.isEmpty() ? null : items.getJsonObject(0);
  }
}
