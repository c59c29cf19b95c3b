package io.clipcast.publish;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.shareddata.Shareable;

import java.util.ArrayList;
import java.util.List;

/**
 * The publish instances of one node, stopping together: an instance that has drained waits for the others before it
 * closes anything. The node's shared Postgres pool keeps its connections on the context of the verticle that created it
 * first; if that instance closed as soon as it had nothing in hand, the attempts other instances are finishing would
 * lose the database mid-write.
 */
final class PublishDrain implements Shareable {
  private static final String KEY = "clipcast.publish-drain";

  private int running;
  private final List<Runnable> waiting = new ArrayList<>();

  static PublishDrain of(Vertx vertx) {
    return vertx.sharedData().<String, PublishDrain>getLocalMap(KEY).computeIfAbsent(KEY, k -> new PublishDrain());
  }

  synchronized void started() {
    running++;
  }

  /** This instance has drained; completes (on {@code context}) once every instance of the node has. */
  Future<Void> drained(Context context) {
    Promise<Void> all = Promise.promise();
    List<Runnable> release;
    synchronized (this) {
      waiting.add(() -> context.runOnContext(v -> all.complete()));
      if (--running > 0) return all.future();
      release = new ArrayList<>(waiting);
      waiting.clear();
    }
    release.forEach(Runnable::run);
    return all.future();
  }
}
