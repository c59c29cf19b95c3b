package io.clipcast.publication;

import io.clipcast.db.Migrations;
import io.clipcast.db.PgPools;
import io.clipcast.queue.QueueInstruction;
import io.clipcast.testing.TestServices;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static io.clipcast.publication.PublicationStatus.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The transition table against a real Postgres: every move the table holds is made through the lifecycle's method for
 * its actor (the row changes, one event row records it, the bus hears it), and each actor is refused a move the table
 * does not hold (the row stays as it was).
 */
class PublicationLifecycleTest {
  private static Vertx vertx;
  private static Pool pg;
  private static PublicationLifecycle lifecycle;
  private static final List<JsonObject> heard = new CopyOnWriteArrayList<>();
  private static UUID user;
  private static UUID clip;

  @BeforeAll
  static void start() throws Exception {
    JsonObject db = TestServices.get().config().getJsonObject("db");
    Migrations.migrateBlocking(db);
    vertx = Vertx.vertx();
    pg = PgPools.shared(vertx, db);
    lifecycle = new PublicationLifecycle(pg, vertx.eventBus());
    vertx.eventBus().<JsonObject>consumer(StatusChange.ADDRESS, m -> heard.add(m.body()));
    user = UUID.randomUUID();
    clip = UUID.randomUUID();
    sql("INSERT INTO users (id, email, password_hash) VALUES ($1, $2, 'x')", user, user + "@example.com");
    sql("INSERT INTO clips (id, user_id, storage_key, file_name, status) VALUES ($1, $2, 'k', 'a.mp4', 'ready')", clip, user);
  }

  @AfterAll
  static void stop() {
    vertx.close().await();
  }

  private static <T> T await(Future<T> f) {
    try {
      return f.await(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private static List<Row> sql(String q, Object... args) {
    List<Row> rows = new ArrayList<>();
    await(pg.preparedQuery(q).execute(Tuple.from(args))).forEach(rows::add);
    return rows;
  }

  private static UUID connection() {
    UUID id = UUID.randomUUID();
    sql("INSERT INTO platform_connections (id, user_id, platform, external_account_id) VALUES ($1, $2, 'dzen', $3)", id, user, id.toString());
    return id;
  }

  private static UUID publication(UUID connection, PublicationStatus status) {
    UUID id = UUID.randomUUID();
    sql("INSERT INTO publications (id, user_id, clip_id, connection_id, platform, status, attempts, scheduled_for)"
        + " VALUES ($1, $2, $3, $4, 'dzen', $5, 1, now() + interval '1 hour')", id, user, clip, connection, status.value());
    return id;
  }

  private static String status(UUID id) {
    return sql("SELECT status FROM publications WHERE id = $1", id).get(0).getString("status");
  }

  private static List<String> events(UUID id) {
    List<String> e = new ArrayList<>();
    for (Row r : sql("SELECT from_status, to_status FROM publication_events WHERE publication_id = $1 ORDER BY id", id)) {
      e.add(r.getString("from_status") + "→" + r.getString("to_status"));
    }
    return e;
  }

  private static int fence(UUID id) {
    return sql("SELECT fence FROM publications WHERE id = $1", id).get(0).getInteger("fence");
  }

  private static PublicationLifecycle.AttemptRef claimed(UUID id) {
    List<Row> rows = new ArrayList<>();
    await(lifecycle.claim(id, "SELECT u.fence FROM upd u")).forEach(rows::add);
    assertEquals(1, rows.size(), "claimed");
    return new PublicationLifecycle.AttemptRef(id, user, "dzen", rows.get(0).getInteger("fence"));
  }

  /** Makes {@code m} through the lifecycle method of its actor; returns the publication. */
  private static UUID make(PublicationLifecycle.Move m) {
    UUID conn = connection();
    UUID id = publication(conn, m.from());
    switch (m.actor()) {
      case API -> {
        Optional<StatusChange> c = m.to() == CANCELLED ? await(lifecycle.cancel(id, user))
            : m.to() == SCHEDULED ? await(lifecycle.reschedule(id, user, Instant.now().plusSeconds(7200)))
            : await(lifecycle.retry(id, user));
        assertTrue(c.isPresent(), m.toString());
      }
      case CONNECTION -> {
        List<StatusChange> c = m.to() == CANCELLED ? await(pg.withTransaction(tx -> lifecycle.cancelForDisconnect(tx, conn, user)))
            : await(lifecycle.resumeAfterReconnect(conn, user));
        assertEquals(1, c.size(), m.toString());
      }
      case FEED -> assertEquals(1, await(lifecycle.publishedByFetch(conn, List.of(id), Instant.now(), "https://dzen.ru/c", new JsonObject())).size());
      case WORKER -> {
        if (m.to() == PUBLISHING || m.to() == QUEUED) {
          // the claim walks the table's worker moves (scheduled → queued → publishing); a publishing row is taken over
          claimed(id);
          assertEquals("publishing", status(id));
          return id;
        }
        PublicationLifecycle.AttemptRef a = claimed(id);
        AttemptOutcome o = switch (m.to()) {
          case PUBLISHED -> new AttemptOutcome.Published("x1", "https://example.com/x1", new JsonObject());
          case RETRYING -> new AttemptOutcome.RetryAt(Instant.now().plusSeconds(60), "503", "try later");
          case FAILED -> new AttemptOutcome.Failed("bad", "refused", true);
          case UNKNOWN -> new AttemptOutcome.Unknown(null, "lost answer");
          case WAITING_RECONNECT -> new AttemptOutcome.WaitingReconnect("401", "sign in again");
          default -> throw new AssertionError(m.toString());
        };
        QueueInstruction q = await(lifecycle.conclude(a, o));
        assertEquals(m.to() == RETRYING, q instanceof QueueInstruction.RequeueAfter, m + " → " + q);
      }
    }
    return id;
  }

  @Test
  void everyMoveInTheTableIsMadeByItsActorAndRecorded() throws InterruptedException {
    for (PublicationLifecycle.Move m : PublicationLifecycle.TABLE) {
      heard.clear();
      UUID id = make(m);
      // a claim's hop to queued goes on to publishing in the same statement
      PublicationStatus expected = m.actor() == Actor.WORKER && m.to() == QUEUED ? PUBLISHING : m.to();
      assertEquals(expected.value(), status(id), m.toString());
      List<String> e = events(id);
      assertTrue(e.contains(m.from().value() + "→" + m.to().value()), m + ": " + e);
      // the lifecycle announces its own commits; a claim's and a disconnect's changes are announced by their callers
      boolean announces = m.actor() == Actor.API || m.actor() == Actor.FEED || (m.actor() == Actor.CONNECTION && m.to() == QUEUED)
          || (m.actor() == Actor.WORKER && m.from() == PUBLISHING && m.to() != PUBLISHING);
      long deadline = System.currentTimeMillis() + 2000;
      while (announces && heard.isEmpty() && System.currentTimeMillis() < deadline) Thread.sleep(10);
      if (announces) assertEquals(m.to().value(), heard.get(0).getString("to"), "announced: " + m);
    }
  }

  @Test
  void theClaimRecordsOneEventPerHopOfTheTable() {
    UUID id = publication(connection(), SCHEDULED);
    claimed(id);
    assertEquals(List.of("scheduled→queued", "queued→publishing"), events(id));
    assertEquals(List.of(PublicationLifecycle.TABLE.get(0), PublicationLifecycle.TABLE.get(2)),
        PublicationLifecycle.workerPath(SCHEDULED, PUBLISHING));
  }

  @Test
  void eachActorIsRefusedAMoveTheTableDoesNotHold() {
    UUID conn = connection();
    // API: a published post cannot be cancelled, a queued one not retried
    UUID published = publication(conn, PUBLISHED);
    assertTrue(await(lifecycle.cancel(published, user)).isEmpty());
    UUID queued = publication(conn, QUEUED);
    assertTrue(await(lifecycle.retry(queued, user)).isEmpty());
    assertEquals("published", status(published));
    assertEquals("queued", status(queued));

    // CONNECTION: a disconnect leaves what is publishing or done alone; a reconnect resumes only what waited for it
    UUID publishing = publication(conn, PUBLISHING);
    UUID failed = publication(conn, FAILED);
    await(pg.withTransaction(tx -> lifecycle.cancelForDisconnect(tx, conn, user)));
    assertEquals("publishing", status(publishing));
    assertEquals("failed", status(failed));
    assertTrue(await(lifecycle.resumeAfterReconnect(conn, user)).isEmpty());
    assertEquals("failed", status(failed));

    // FEED: a fetch publishes only what is publishing (the queued one was cancelled by the disconnect above)
    UUID conn2 = connection();
    UUID waiting = publication(conn2, QUEUED);
    assertTrue(await(lifecycle.publishedByFetch(conn2, List.of(waiting), Instant.now(), null, null)).isEmpty());
    assertEquals("queued", status(waiting));

    // WORKER: a worker whose fence was taken over writes nothing; a status never moves to published twice
    UUID taken = publication(conn2, QUEUED);
    PublicationLifecycle.AttemptRef first = claimed(taken);
    claimed(taken);   // another worker takes it over (fence + 1)
    assertEquals(first.fence() + 1, fence(taken));
    assertInstanceOf(QueueInstruction.Ack.class, await(lifecycle.conclude(first, new AttemptOutcome.Published("x", "u", new JsonObject()))));
    assertEquals("publishing", status(taken), "the stale worker's outcome is not written");

    // and the table itself refuses what no actor may do
    assertFalse(PublicationLifecycle.allows(Actor.API, PUBLISHED, QUEUED));
    assertFalse(PublicationLifecycle.allows(Actor.WORKER, CANCELLED, PUBLISHING));
    assertFalse(PublicationLifecycle.allows(Actor.CONNECTION, PUBLISHING, CANCELLED));
    assertFalse(PublicationLifecycle.allows(Actor.FEED, QUEUED, PUBLISHED));
    assertFalse(PUBLISHED.canBecome(QUEUED));
    assertThrows(IllegalStateException.class, () -> PublicationLifecycle.workerPath(PUBLISHED, PUBLISHING));
  }

  @Test
  void aRecheckStaysPublishingWithoutAnEventAndComesBackAfterItsDelay() {
    UUID id = publication(connection(), QUEUED);
    PublicationLifecycle.AttemptRef a = claimed(id);
    QueueInstruction q = await(lifecycle.conclude(a, new AttemptOutcome.RecheckAt(Instant.now().plusMillis(500), 0,
        new JsonObject().put("status", "processing"))));
    long delay = ((QueueInstruction.RecheckAfter) q).delayMs();
    assertTrue(delay > 300 && delay <= 500, "requeued after the recheck delay: " + delay);
    assertEquals("publishing", status(id));
    assertEquals(0, sql("SELECT upload_state FROM publications WHERE id = $1", id).get(0).getJsonObject("upload_state")
        .getJsonObject("pending").getInteger("rechecks"));
    // the platform pulled the media link: due now, and the backoff starts over
    assertEquals(List.of(id), await(lifecycle.pulled(clip)).stream().filter(id::equals).toList());
    assertEquals(-1, sql("SELECT upload_state FROM publications WHERE id = $1", id).get(0).getJsonObject("upload_state")
        .getJsonObject("pending").getInteger("rechecks"));
    assertEquals(List.of(), await(lifecycle.pulled(clip)).stream().filter(id::equals).toList(),
        "a second download of the link (anyone holding it) does not pull the recheck forward again");
    claimed(id);
    assertEquals(List.of("queued→publishing"), events(id), "a recheck claim records no event");
  }
}
