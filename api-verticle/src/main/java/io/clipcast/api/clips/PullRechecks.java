package io.clipcast.api.clips;

import io.clipcast.publication.PublicationLifecycle;
import io.clipcast.queue.JobQueue;
import io.vertx.core.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * When a platform that pulls the clip from its media link (Rutube, Instagram, TikTok's pull route) has read the whole
 * file, its processing starts: the publications waiting on that clip are rechecked at this moment instead of on their
 * timer (which stays as the fallback if this moment is missed).
 */
public final class PullRechecks {
  private static final Logger log = LoggerFactory.getLogger(PullRechecks.class);

  private final PublicationLifecycle lifecycle;
  private final JobQueue queue;

  public PullRechecks(PublicationLifecycle lifecycle, JobQueue queue) {
    this.lifecycle = lifecycle;
    this.queue = queue;
  }

  void pulled(UUID clipId) {
    lifecycle.pulled(clipId).compose(ids -> {
      long now = System.currentTimeMillis();
      List<Future<?>> moves = new ArrayList<>();
      // a job a worker holds right now is not moved: that worker's own recheck timer follows
      for (UUID id : ids) moves.add(queue.reschedule(id.toString(), now));
      return Future.join(moves);
    }).onFailure(e -> log.warn("recheck after the media pull of {} failed (the timer rechecks): {}", clipId, e.getMessage()));
  }
}
