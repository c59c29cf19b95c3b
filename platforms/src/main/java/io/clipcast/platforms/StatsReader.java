package io.clipcast.platforms;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/** A platform that shows a published post's counters (views, likes, comments, shares). */
public interface StatsReader {
  /**
   * False when this post's counters can never be read (e.g. the platform did not name the video of a private post),
   * so the caller stops asking; true for every post by default.
   */
  default boolean readable(String externalId, JsonObject uploadState) {
    return true;
  }

  Future<PostStats> stats(ConnectedAccount account, String externalId, JsonObject uploadState);
}
