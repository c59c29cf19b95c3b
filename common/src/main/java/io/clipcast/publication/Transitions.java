package io.clipcast.publication;

import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Every status change is one statement: a conditional UPDATE (id, owner, one of the allowed current statuses, and —
 * for workers — their fence token) plus its event row. A change that loses a race matches no row and
 * changes nothing. Successful changes are announced on the clustered event bus.
 */
public final class Transitions {
  private static final String SQL =
      "WITH old AS (SELECT id, status, attempts FROM publications WHERE id = $1 AND user_id = $2 AND status = ANY($3)"
          + " AND ($4::int IS NULL OR fence = $4) FOR UPDATE),"
          + " upd AS (UPDATE publications p SET status = $5, updated_at = now(), version = p.version + 1,"
          + "   scheduled_for = COALESCE($7, p.scheduled_for)"
          + "   FROM old WHERE p.id = old.id RETURNING p.id, p.user_id, p.platform, old.status AS from_status, p.attempts)"
          + " INSERT INTO publication_events (publication_id, from_status, to_status, attempt, detail)"
          + " SELECT id, from_status, $5, attempts, $6 FROM upd"
          + " RETURNING id, publication_id, from_status, attempt, at, (SELECT platform FROM upd) AS platform";

  private final Pool pg;
  private final EventBus bus;

  public Transitions(Pool pg, EventBus bus) {
    this.pg = pg;
    this.bus = bus;
  }

  /**
   * Moves publication {@code id} of {@code userId} from any of {@code from} to {@code to}. Empty when the publication
   * is not in one of those statuses (or not the user's, or the attempt moved on).
   *
   * @param attempt      the fence token a worker holds, or null for user actions
   * @param scheduledFor a new due time (reschedule), or null to keep it
   */
  public Future<Optional<StatusChange>> move(SqlClient client, UUID id, UUID userId, List<PublicationStatus> from,
                                             PublicationStatus to, Integer attempt, JsonObject detail,
                                             java.time.OffsetDateTime scheduledFor) {
    for (PublicationStatus f : from) {
      if (!f.canBecome(to)) throw new IllegalArgumentException(f + " cannot become " + to);
    }
    String[] fromValues = from.stream().map(PublicationStatus::value).toArray(String[]::new);
    return client.preparedQuery(SQL)
        .execute(Tuple.of(id, userId, fromValues, attempt, to.value(), detail == null ? new JsonObject() : detail, scheduledFor))
        .map(rows -> {
          if (rows.size() == 0) return Optional.<StatusChange>empty();
          Row r = rows.iterator().next();
          return Optional.of(new StatusChange(r.getLong("id"), id.toString(), userId.toString(), r.getString("platform"),
              r.getString("from_status"), to.value(), r.getInteger("attempt"), r.getOffsetDateTime("at").toInstant().toString(),
              detail == null ? new JsonObject() : detail));
        });
  }

  public Future<Optional<StatusChange>> move(UUID id, UUID userId, List<PublicationStatus> from, PublicationStatus to,
                                             Integer attempt, JsonObject detail, java.time.OffsetDateTime scheduledFor) {
    return move(pg, id, userId, from, to, attempt, detail, scheduledFor).onSuccess(c -> c.ifPresent(this::announce));
  }

  /** Tells every node (and so every SSE stream) about a committed change. */
  public void announce(StatusChange change) {
    bus.publish(StatusChange.ADDRESS, change.toJson());
  }
}
