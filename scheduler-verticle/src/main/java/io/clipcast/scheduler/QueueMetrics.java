package io.clipcast.scheduler;

import io.clipcast.metrics.NodeMetrics;
import io.clipcast.queue.JobQueue;
import io.clipcast.queue.Promotion;
import io.clipcast.queue.QueueStats;
import io.clipcast.queue.Requeue;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.micrometer.backends.BackendRegistries;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code clipcast_queue_*}: depth per set (delayed, leased, ready per platform), how overdue the oldest delayed job
 * is, promotions, promotion lag, lease expiries. Depths come from a periodic {@code inspect}.
 */
final class QueueMetrics {
  private final MeterRegistry registry;
  private final AtomicReference<QueueStats> last = new AtomicReference<>(new QueueStats(0, 0, 0, Map.of(), 0, 0));
  private final Set<String> platformsSeen = ConcurrentHashMap.newKeySet();
  private final Counter promoted;
  private final Counter requeued;
  private final DistributionSummary lag;

  QueueMetrics(String nodeId) {
    this(registryOf(nodeId));
  }

  private static MeterRegistry registryOf(String nodeId) {
    MeterRegistry r = BackendRegistries.getNow(NodeMetrics.registryName(nodeId));
    return r != null ? r : new SimpleMeterRegistry(); // verticle deployed without the launcher (tests)
  }

  QueueMetrics(MeterRegistry registry) {
    this.registry = registry;
    Gauge.builder("clipcast.queue.depth", last, s -> s.get().delayed()).tags("set", "delayed", "platform", "")
        .description("Jobs waiting for their due time").register(registry);
    Gauge.builder("clipcast.queue.depth", last, s -> s.get().leased()).tags("set", "leased", "platform", "")
        .description("Jobs held by a worker").register(registry);
    Gauge.builder("clipcast.queue.oldest.due.age.seconds", last, s -> s.get().oldestDueAgeMs() / 1000.0)
        .description("How long the most overdue delayed job has waited for promotion").register(registry);
    FunctionCounter.builder("clipcast.queue.lease.expiries", last, s -> s.get().leaseExpiries())
        .description("Leases that ran out (worker crashed or stalled), cluster-wide").register(registry);
    promoted = Counter.builder("clipcast.queue.promoted").description("Jobs promoted by this node").register(registry);
    requeued = Counter.builder("clipcast.queue.requeued")
        .description("Leases this node found run out and returned to ready (the worker died or stalled without handing back)").register(registry);
    lag = DistributionSummary.builder("clipcast.queue.promotion.lag.ms").baseUnit("ms")
        .description("Worst lateness (promotion time - due time) per promotion batch")
        .publishPercentiles(0.5, 0.99).register(registry);
  }

  void recordPass(Promotion p, Requeue r) {
    if (p.promoted() > 0) {
      promoted.increment(p.promoted());
      lag.record(p.maxLagMs());
    }
    if (r.requeued() > 0) {
      requeued.increment(r.requeued());
    }
  }

  void refresh(JobQueue queue) {
    queue.inspect().onSuccess(s -> {
      last.set(s);
      for (String platform : s.readyByPlatform().keySet()) {
        if (platformsSeen.add(platform)) {
          Gauge.builder("clipcast.queue.depth", last, x -> x.get().readyByPlatform().getOrDefault(platform, 0L))
              .tags("set", "ready", "platform", platform).register(registry);
        }
      }
    });
  }
}
