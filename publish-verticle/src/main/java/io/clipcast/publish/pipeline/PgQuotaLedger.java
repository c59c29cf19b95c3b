package io.clipcast.publish.pipeline;

import io.clipcast.platforms.QuotaLedger;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;

import java.time.LocalDate;

/** {@link QuotaLedger} over {@code platform_quota_usage}: each call is one statement, so nodes never over-reserve. */
final class PgQuotaLedger implements QuotaLedger {
  // the conditional upsert: a new row only if units ≤ limit, an existing one only if it stays ≤ limit
  private static final String RESERVE = "INSERT INTO platform_quota_usage (platform, scope, day, units) SELECT $1, $2, $3, $4 WHERE $4 <= $5"
      + " ON CONFLICT (platform, scope, day) DO UPDATE SET units = platform_quota_usage.units + EXCLUDED.units"
      + " WHERE platform_quota_usage.units + EXCLUDED.units <= $5 RETURNING units";
  private static final String SPEND = "INSERT INTO platform_quota_usage (platform, scope, day, units) VALUES ($1, $2, $3, $4)"
      + " ON CONFLICT (platform, scope, day) DO UPDATE SET units = GREATEST(0, platform_quota_usage.units + EXCLUDED.units)";

  private final Pool pg;
  private final String platform;

  PgQuotaLedger(Pool pg, String platform) {
    this.pg = pg;
    this.platform = platform;
  }

  @Override
  public Future<Boolean> reserve(String scope, LocalDate day, long units, long limit) {
    return pg.preparedQuery(RESERVE).execute(Tuple.of(platform, scope, day, units, limit)).map(rows -> rows.rowCount() > 0);
  }

  @Override
  public Future<Void> spend(String scope, LocalDate day, long units) {
    return pg.preparedQuery(SPEND).execute(Tuple.of(platform, scope, day, units)).mapEmpty();
  }

  @Override
  public Future<Void> release(String scope, LocalDate day, long units) {
    return spend(scope, day, -units);
  }

  @Override
  public Future<Long> used(String scope, LocalDate day) {
    return pg.preparedQuery("SELECT units FROM platform_quota_usage WHERE platform = $1 AND scope = $2 AND day = $3")
        .execute(Tuple.of(platform, scope, day)).map(rows -> rows.size() == 0 ? 0L : rows.iterator().next().getLong(0));
  }
}
