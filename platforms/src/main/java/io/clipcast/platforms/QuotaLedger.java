package io.clipcast.platforms;

import io.vertx.core.Future;

import java.time.LocalDate;

/**
 * One platform's daily usage counters in {@code platform_quota_usage} (common/src/main/resources/db/migration), shared by every node, for quotas the
 * platform does not report itself (YouTube's units per Google project per Pacific-time day). {@code scope} says whose
 * quota it is: the app ({@code project}), an account id, …; {@code day} is the platform's own calendar day.
 */
public interface QuotaLedger {
  /** Adds {@code units} to the day's usage only if the total stays within {@code limit}, atomically; false when it would not. */
  Future<Boolean> reserve(String scope, LocalDate day, long units, long limit);

  /** Adds {@code units} unconditionally (calls that cost quota but must not be refused, e.g. a status poll). */
  Future<Void> spend(String scope, LocalDate day, long units);

  /** Gives back units reserved for a call that the platform never charged (refused before it counted). */
  Future<Void> release(String scope, LocalDate day, long units);

  Future<Long> used(String scope, LocalDate day);
}
