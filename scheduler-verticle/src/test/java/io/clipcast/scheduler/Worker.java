package io.clipcast.scheduler;

import io.clipcast.queue.Claimer;
import io.clipcast.queue.JobQueue;
import io.clipcast.queue.Lease;
import io.clipcast.queue.QueueSettings;
import io.clipcast.queue.WorkSignal;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;

import java.util.function.Function;

/**
 * A test worker as a publish node would run it: its own Redis connections (one for commands, one to block on),
 * claiming in a loop and handing each lease to {@code onLease} (which acks, nacks or abandons it).
 */
final class Worker {
  private final Claimer claimer;
  private final Redis commands;
  private final Redis blocking;
  private volatile boolean stopped;

  private Worker(Claimer claimer, Redis commands, Redis blocking) {
    this.claimer = claimer;
    this.commands = commands;
    this.blocking = blocking;
  }

  private Vertx vertx;

  static Future<Worker> start(Vertx vertx, String redisUrl, QueueSettings settings, String id,
                              Function<Lease, Future<?>> onLease) {
    Redis commands = Redis.createClient(vertx, new RedisOptions().setConnectionString(redisUrl).setMaxPoolSize(1).setMaxPoolWaiting(1000));
    Redis blocking = Redis.createClient(vertx, new RedisOptions().setConnectionString(redisUrl).setMaxPoolSize(1));
    JobQueue queue = new JobQueue(commands, settings);
    return WorkSignal.open(blocking, queue).map(signal -> {
      Worker w = new Worker(new Claimer(queue, signal, null, id), commands, blocking);
      w.vertx = vertx;
      w.loop(onLease);
      return w;
    });
  }

  private void loop(Function<Lease, Future<?>> onLease) {
    if (stopped) return;
    claimer.next().compose(onLease::apply).onComplete(ar -> {
      if (ar.succeeded()) {
        loop(onLease);
      } else if (!stopped) {
        vertx.setTimer(100, t -> loop(onLease)); // Redis trouble: back off instead of spinning
      }
    });
  }

  void stop() {
    stopped = true;
    claimer.close();
    commands.close();
    blocking.close();
  }
}
