package io.clipcast.bench.cluster;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * What the soak does to the cluster while it publishes: every {@code killEvery} a publish node (in turn) is killed with
 * kill -9 and started again {@code restartAfter} later; once, Redis is stopped and started again (its AOF keeps the
 * queue); once, Redis is flushed a second after a kill -9, so it loses the dead node's leases too (the reconciler
 * rebuilds the queue from Postgres); once, Postgres is stopped and started. The one-off events happen around a quarter,
 * a half and three quarters of {@code span}. Every event is logged with its time.
 */
public final class ChaosSchedule implements AutoCloseable {
  private final ProcessCluster cluster;
  private final Duration span;
  private final Duration killEvery;
  private final Duration restartAfter;
  private final Duration outage;
  private final List<String> events = Collections.synchronizedList(new ArrayList<>());
  private final ExecutorService restarts = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "chaos-restart");
    t.setDaemon(true);
    return t;
  });
  private Thread thread;
  private volatile boolean stopped;
  private volatile Throwable failure;
  private Instant started;
  private int kills;

  /**
   * @param span         how long the chaos lasts (the publishing phase)
   * @param killEvery    the time between two kill -9s
   * @param restartAfter how long a killed node stays down
   * @param outage       how long Redis and Postgres stay down
   */
  public ChaosSchedule(ProcessCluster cluster, Duration span, Duration killEvery, Duration restartAfter, Duration outage) {
    this.cluster = cluster;
    this.span = span;
    this.killEvery = killEvery;
    this.restartAfter = restartAfter;
    this.outage = outage;
  }

  public void start() {
    started = Instant.now();
    thread = new Thread(this::run, "chaos");
    thread.setDaemon(true);
    thread.start();
  }

  private void run() {
    long t0 = System.nanoTime();
    List<Step> steps = new ArrayList<>();
    for (long at = killEvery.toMillis(); at < span.toMillis(); at += killEvery.toMillis()) steps.add(new Step(at, this::killOne));
    steps.add(new Step(span.toMillis() / 4 + killEvery.toMillis() / 2, this::restartRedis));
    // the flush lands 1 s after a kill -9, while Redis still holds the dead node's leases: what it loses includes
    // attempts that were in flight, which only Postgres still knows about
    long every = killEvery.toMillis();
    long killBeforeFlush = Math.max(every, (span.toMillis() / 2 + every - 1) / every * every);
    steps.add(new Step(killBeforeFlush + 1_000, this::flushRedis));
    steps.add(new Step(span.toMillis() * 3 / 4 + killEvery.toMillis() / 2, this::restartPostgres));
    steps.sort((a, b) -> Long.compare(a.atMs, b.atMs));
    try {
      for (Step s : steps) {
        long wait = s.atMs - (System.nanoTime() - t0) / 1_000_000;
        if (wait > 0) Thread.sleep(wait);
        if (stopped) return;
        s.action.run();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Throwable e) {
      failure = e;
      log("chaos step failed: " + e);
    }
  }

  private record Step(long atMs, Action action) {}

  private interface Action {
    void run() throws Exception;
  }

  private void killOne() throws InterruptedException {
    List<NodeProcess> nodes = cluster.publishNodes();
    if (nodes.isEmpty()) return;
    NodeProcess n = nodes.get(kills++ % nodes.size());
    if (!n.isAlive()) {
      log("skip kill -9: " + n.id() + " is still down");
      return;
    }
    long pid = n.pid();
    cluster.kill9(n);
    log("kill -9 " + n.id() + " (pid " + pid + ")");
    restarts.submit(() -> {
      Thread.sleep(restartAfter.toMillis());
      // as a supervisor (systemd, a container's restart policy) does: a node that cannot start yet (Redis or Postgres
      // down at that moment: it stops at startup) is started again a little later
      for (int attempt = 1; ; attempt++) {
        try {
          long t = System.nanoTime();
          cluster.restart(n);
          log("restarted " + n.id() + " (pid " + n.pid() + ", ready in " + (System.nanoTime() - t) / 1_000_000 + " ms"
              + (attempt > 1 ? ", start " + attempt : "") + ")");
          return null;
        } catch (Exception e) {
          String why = String.valueOf(e.getMessage()).lines().findFirst().orElse("");
          if (attempt == 5 || stopped) {
            failure = e;
            log("restart of " + n.id() + " failed " + attempt + " times: " + why);
            return null;
          }
          log(n.id() + " did not start (" + why + "); starting it again in 2 s");
          Thread.sleep(2_000);
        }
      }
    });
  }

  private void restartRedis() throws Exception {
    cluster.stopRedis();
    log("Redis stopped");
    Thread.sleep(outage.toMillis());
    cluster.startRedis();
    log("Redis started again (AOF)");
  }

  private void flushRedis() throws Exception {
    cluster.flushRedis();
    log("Redis flushed (FLUSHALL)");
  }

  private void restartPostgres() throws Exception {
    cluster.stopPostgres();
    log("Postgres stopped");
    Thread.sleep(outage.toMillis());
    cluster.startPostgres();
    log("Postgres started again");
  }

  private void log(String what) {
    String line = String.format("%7.1f s  %s", Duration.between(started, Instant.now()).toMillis() / 1000.0, what);
    events.add(line);
    System.out.println("[chaos] " + line);
  }

  /** Waits for the schedule to end (and killed nodes to be back), up to {@code timeout}. */
  public void await(Duration timeout) throws InterruptedException {
    thread.join(timeout.toMillis());
    restarts.shutdown();
    restarts.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  public List<String> events() {
    return List.copyOf(events);
  }

  /** The first error a step or a restart threw (null = none): a soak whose chaos broke proves nothing. */
  public Throwable failure() {
    return failure;
  }

  public int kills() {
    return kills;
  }

  @Override
  public void close() {
    stopped = true;
    if (thread != null) thread.interrupt();
    restarts.shutdownNow();
  }
}
