package io.clipcast.platforms.rutube;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Instant;

/**
 * Finds the video an earlier create call may have made when its answer never came (docs/platforms/rutube.md lists
 * {@code GET /api/video/person/<user_id>/}; no idempotency key exists, and the API echoes neither the source URL nor any
 * field of ours beyond title and description). A match is a video of the account, not deleted, with the same title and
 * description, created no earlier than the first create request of this publication (less {@link #CLOCK_SKEW_MS} for
 * clock differences). The owner's token is sent because a video still downloading or hidden is not public.
 * Limits: a video the user themselves uploads with identical text in that window would be taken for ours.
 */
final class RutubeVideoFinder {
  static final long CLOCK_SKEW_MS = 120_000;
  private static final int MAX_PAGES = 5;

  private final RutubeClient client;

  RutubeVideoFinder(RutubeClient client) {
    this.client = client;
  }

  /** The matching video id (the oldest, if several), or null. */
  Future<String> find(String token, String userId, RutubeVideoDraft draft, long requestedAtMs) {
    return page(token, userId, draft, Instant.ofEpochMilli(requestedAtMs - CLOCK_SKEW_MS), 1, null);
  }

  private Future<String> page(String token, String userId, RutubeVideoDraft draft, Instant since, int page, String found) {
    String action = "looking for the video on Rutube";
    return client.personVideos(token, userId, page).recover(e -> Future.failedFuture(RutubeErrors.noAnswer(e, action))).compose(r -> {
      if (r.statusCode() == 404 && page > 1) return Future.succeededFuture(found);   // DRF: "Invalid page." past the end
      if (r.statusCode() / 100 != 2) return Future.failedFuture(RutubeErrors.of(r, action));
      JsonObject body = RutubeErrors.json(r);
      JsonArray results = body == null ? new JsonArray() : body.getJsonArray("results", new JsonArray());
      String match = found;
      boolean older = false;
      for (Object o : results) {
        JsonObject v = (JsonObject) o;
        Instant created = RutubeTimestamps.parse(v.getString("created_ts"));
        if (created != null && created.isBefore(since)) {
          older = true;   // newest first: the rest are older still
          break;
        }
        if (!v.getBoolean("is_deleted", false) && draft.describes(v)) match = v.getString("id");
      }
      boolean more = body != null && (body.getBoolean("has_next", false) || body.getString("next") != null);
      if (older || !more || page >= MAX_PAGES) return Future.succeededFuture(match);
      return page(token, userId, draft, since, page + 1, match);
    });
  }
}
