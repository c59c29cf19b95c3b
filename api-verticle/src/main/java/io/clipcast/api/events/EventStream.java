package io.clipcast.api.events;

import io.clipcast.api.auth.Authenticator;
import io.clipcast.publication.StatusChange;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * {@code GET /api/v1/events}: Server-Sent Events of the caller's publication status changes, from wherever in the
 * cluster they happen (clustered event bus). {@code Last-Event-ID} resumes from the event table: the stream first
 * replays what the client missed, then goes live, without gaps or repeats.
 */
public final class EventStream {
  private final Vertx vertx;
  private final Pool pg;
  private final long heartbeatMs;

  public EventStream(Vertx vertx, Pool pg, JsonObject config) {
    this.vertx = vertx;
    this.pg = pg;
    this.heartbeatMs = config.getJsonObject("publications").getInteger("sseHeartbeatSeconds") * 1000L;
  }

  public void mount(Router router, io.vertx.core.Handler<RoutingContext> auth) {
    router.get("/api/v1/events").handler(auth).handler(this::stream);
  }

  private void stream(RoutingContext ctx) {
    UUID user = Authenticator.user(ctx);
    String lastHeader = ctx.request().getHeader("Last-Event-ID");
    long last = lastEventId(lastHeader);
    HttpServerResponse res = ctx.response().setChunked(true)
        .putHeader("Content-Type", "text/event-stream; charset=utf-8").putHeader("Cache-Control", "no-store")
        .putHeader("X-Accel-Buffering", "no");
    res.write(": connected\n\n");

    // live events are held back until the replay is written; then every live event the replay did not cover goes out.
    // Live events may arrive out of id order (many nodes commit and announce concurrently), so only the replay's
    // high-water mark filters them, never the last live id.
    List<StatusChange> held = new ArrayList<>();
    long[] replayedUpTo = {last};
    boolean[] live = {false};
    MessageConsumer<JsonObject> consumer = vertx.eventBus().consumer(StatusChange.ADDRESS, msg -> {
      StatusChange c = StatusChange.fromJson(msg.body());
      if (!c.userId().equals(user.toString())) return;
      if (!live[0]) {
        held.add(c);
      } else if (c.eventId() > replayedUpTo[0]) {
        write(res, c.eventId(), c.toJson());
      }
    });
    long timer = vertx.setPeriodic(heartbeatMs, t -> res.write(": keep-alive\n\n"));
    res.closeHandler(v -> {
      consumer.unregister();
      vertx.cancelTimer(timer);
    });
    consumer.completion().compose(v -> last < 0 ? io.vertx.core.Future.succeededFuture(List.<Row>of()) : replay(user, last))
        .onSuccess(rows -> {
          for (Row r : rows) {
            write(res, r.getLong("id"), new JsonObject().put("eventId", r.getLong("id"))
                .put("publicationId", r.getUUID("publication_id").toString()).put("userId", user.toString())
                .put("platform", r.getString("platform")).put("from", r.getString("from_status")).put("to", r.getString("to_status"))
                .put("attempt", r.getInteger("attempt")).put("at", r.getOffsetDateTime("at").toInstant().toString())
                .put("detail", r.getJsonObject("detail")));
            replayedUpTo[0] = r.getLong("id");
          }
          live[0] = true;
          held.sort(java.util.Comparator.comparingLong(StatusChange::eventId));
          for (StatusChange c : held) {
            if (c.eventId() > replayedUpTo[0]) write(res, c.eventId(), c.toJson());
          }
          held.clear();
        })
        .onFailure(e -> res.reset());
  }

  private static long lastEventId(String header) {
    try {
      return header == null ? -1 : Long.parseLong(header.trim());
    } catch (NumberFormatException e) {
      return -1; // an id we never gave out: start live
    }
  }

  private io.vertx.core.Future<List<Row>> replay(UUID user, long after) {
    return pg.preparedQuery("SELECT e.id, e.publication_id, e.from_status, e.to_status, e.attempt, e.at, e.detail, p.platform"
            + " FROM publication_events e JOIN publications p ON p.id = e.publication_id"
            + " WHERE p.user_id = $1 AND e.id > $2 ORDER BY e.id LIMIT 1000")
        .execute(Tuple.of(user, after)).map(rows -> {
          List<Row> out = new ArrayList<>();
          rows.forEach(out::add);
          return out;
        });
  }

  private static void write(HttpServerResponse res, long id, JsonObject data) {
    if (res.closed() || res.ended()) return;
    res.write("id: " + id + "\nevent: publication.status\ndata: " + data.encode() + "\n\n");
  }
}
