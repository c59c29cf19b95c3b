package io.clipcast.platforms.testing;

import io.clipcast.platforms.QuotaLedger;
import io.vertx.core.Future;

import java.time.LocalDate;
import java.util.concurrent.ConcurrentHashMap;

/** Quota counters for connector-level tests (one process, no Postgres); same semantics as the pipeline's ledger. */
public final class MemoryQuotaLedger implements QuotaLedger {
  private final ConcurrentHashMap<String, Long> units = new ConcurrentHashMap<>();

  private static String key(String scope, LocalDate day) {
    return scope + "|" + day;
  }

  @Override
  public synchronized Future<Boolean> reserve(String scope, LocalDate day, long n, long limit) {
    long now = units.getOrDefault(key(scope, day), 0L);
    if (now + n > limit) return Future.succeededFuture(false);
    units.put(key(scope, day), now + n);
    return Future.succeededFuture(true);
  }

  @Override
  public synchronized Future<Void> spend(String scope, LocalDate day, long n) {
    units.merge(key(scope, day), n, (a, b) -> Math.max(0, a + b));
    return Future.succeededFuture();
  }

  @Override
  public Future<Void> release(String scope, LocalDate day, long n) {
    return spend(scope, day, -n);
  }

  @Override
  public Future<Long> used(String scope, LocalDate day) {
    return Future.succeededFuture(units.getOrDefault(key(scope, day), 0L));
  }
}
