package io.clipcast.platforms;

import io.vertx.core.Future;

/** Publishing a clip; every platform has it. */
public interface Publishing {
  /**
   * Publishes {@code ctx}'s clip. Streams the file (never whole in memory), saves every platform id with
   * {@link PublishContext#checkpoint} before the next step, and on a retry resumes from
   * {@link PublishContext#uploadState()} (asking the platform whether the post exists before posting again).
   */
  Future<PublishResult> publish(PublishContext ctx);
}
