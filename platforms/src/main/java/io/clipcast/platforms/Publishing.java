package io.clipcast.platforms;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/** Publishing a clip; every platform has it. */
public interface Publishing {
  /**
   * Publishes {@code ctx}'s clip. Streams the file (never whole in memory), saves every platform id with
   * {@link PublishContext#checkpoint} before the next step, and on a retry resumes from
   * {@link PublishContext#uploadState()} (asking the platform whether the post exists before posting again).
   */
  Future<PublishResult> publish(PublishContext ctx);

  /**
   * Whether the platform already holds this publication's upload, read from what {@link #publish} saved: what is left
   * is checking on it and the final call, so the worker does not spend an attempt on a retryable failure then
   * (docs/architecture.md, "The path of a publication"). False when unsure, and for state a newer node wrote.
   */
  default boolean uploadAccepted(JsonObject uploadState) {
    return false;
  }
}
