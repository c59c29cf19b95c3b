package io.clipcast.publish.pipeline;

import io.clipcast.db.Migrations;
import io.clipcast.db.PgPools;
import io.clipcast.testing.TestServices;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The daily quota counters against real Postgres: reservations never exceed the limit, even when raced. */
class PgQuotaLedgerTest {
  private static Vertx vertx;
  private static Pool pg;

  @BeforeAll
  static void start() {
    JsonObject config = TestServices.get().config();
    Migrations.migrateBlocking(config.getJsonObject("db"));
    vertx = Vertx.vertx();
    pg = PgPools.shared(vertx, config.getJsonObject("db"));
  }

  @AfterAll
  static void stop() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  @Test
  void fiftyRacingReservationsOfOneUnitFillALimitOfTwentyExactly() throws Exception {
    PgQuotaLedger ledger = new PgQuotaLedger(pg, "youtube");
    LocalDate day = LocalDate.of(2026, 11, 21);
    List<Future<Boolean>> all = new ArrayList<>();
    for (int i = 0; i < 50; i++) all.add(ledger.reserve("project", day, 1, 20));
    Future.all(all).await(20, TimeUnit.SECONDS);
    assertEquals(20, all.stream().filter(Future::result).count());
    assertEquals(20L, ledger.used("project", day).await(5, TimeUnit.SECONDS));
    assertEquals(0L, ledger.used("project", day.plusDays(1)).await(5, TimeUnit.SECONDS), "a new day starts empty");
  }

  @Test
  void aReservationLargerThanWhatIsLeftIsRefusedAndChangesNothing() throws Exception {
    PgQuotaLedger ledger = new PgQuotaLedger(pg, "youtube");
    LocalDate day = LocalDate.of(2026, 11, 22);
    assertFalse(ledger.reserve("p2", day, 1601, 1600).await(5, TimeUnit.SECONDS), "larger than the whole quota");
    assertEquals(0L, ledger.used("p2", day).await(5, TimeUnit.SECONDS));
    assertTrue(ledger.reserve("p2", day, 1600, 10_000).await(5, TimeUnit.SECONDS));
    ledger.spend("p2", day, 8_000).await(5, TimeUnit.SECONDS);
    assertFalse(ledger.reserve("p2", day, 1600, 10_000).await(5, TimeUnit.SECONDS), "9,600 + 1,600 > 10,000");
    ledger.release("p2", day, 1600).await(5, TimeUnit.SECONDS);
    assertEquals(8_000L, ledger.used("p2", day).await(5, TimeUnit.SECONDS));
    assertEquals(0L, new PgQuotaLedger(pg, "tiktok").used("p2", day).await(5, TimeUnit.SECONDS), "counters are per platform");
  }
}
