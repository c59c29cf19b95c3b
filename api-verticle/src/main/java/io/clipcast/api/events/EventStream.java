package io.clipcast.api.events;

import io.clipcast.api.auth.Authenticator;
import io.clipcast.publication.StatusChange;
import io.clipcast.web.ApiError;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.redis.client.Redis;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * {@code GET /api/v1/events}: Server-Sent Events of the caller's publication status changes, from wherever in the
 * cluster they happen (clustered event bus). {@code Last-Event-ID} resumes from the event table: the stream first
 * replays what the client missed, then goes live, without gaps or repeats. A user holds at most
 * {@code publications.sseMaxStreamsPerUser} streams at once across the cluster ({@link StreamSlots}); one more is
 * refused with 429 until one closes.
 */
public final class EventStream {
  private final Vertx vertx;
  private final Pool pg;
  private final long heartbeatMs;
  private final StreamSlots slots;

  public EventStream(Vertx vertx, Pool pg, Redis redis, JsonObject config) {
    this.vertx = vertx;
    this.pg = pg;
    JsonObject publications = config.getJsonObject("publications");
    this.heartbeatMs = publications.getInteger("sseHeartbeatSeconds") * 1000L;
    // a slot outlives three missed heartbeats: only a node that died stops renewing
    this.slots = new StreamSlots(redis, config.getJsonObject("redis").getString("keyPrefix"),
        publications.getInteger("sseMaxStreamsPerUser"), heartbeatMs * 3);
  }

  public void mount(Router router, io.vertx.core.Handler<RoutingContext> auth) {
    router.get("/api/v1/events").handler(auth).handler(this::stream);
  }

  private void stream(RoutingContext ctx) {
    UUID user = Authenticator.user(ctx);
    String id = UUID.randomUUID().toString();
    slots.acquire(user, id).onSuccess(taken -> {
      if (!taken) {
        ctx.fail(new ApiError(429, "too_many_streams", "You already have " + slots.perUser() + " event streams open, the most one"
            + " account may hold. Close one you no longer read (each open page or app holds one), then connect again.", null,
            Math.max(1, heartbeatMs / 1000)));
      } else if (ctx.response().closed()) {
        slots.release(user, id); // the client left while its slot was being taken
      } else {
        open(ctx, user, id);
      }
    }).onFailure(ctx::fail);
  }

  private void open(RoutingContext ctx, UUID user, String id) {
    String lastHeader = ctx.request().getHeader("Last-Event-ID");
    long last = lastEventId(lastHeader);
    HttpServerResponse res = ctx.response().setChunked(true)
        .putHeader("Content-Type", "text/event-stream; charset=utf-8").putHeader("Cache-Control", "no-store")
        .putHeader("X-Accel-Buffering", "no");

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
    long timer = vertx.setPeriodic(heartbeatMs, t -> {
      comment(res, "keep-alive");
      slots.renew(user, id);
    });
    // everything the stream holds (consumer, heartbeat, slot) is given back here, and only here
    res.closeHandler(v -> {
      consumer.unregister();
      vertx.cancelTimer(timer);
      slots.release(user, id);
    });
    // the answer starts only once the consumer is registered: a client that has the headers misses no live event
    consumer.completion().compose(v -> {
      comment(res, "connected");
      return last < 0 ? io.vertx.core.Future.succeededFuture(List.<Row>of()) : replay(user, last);
    }).onSuccess(rows -> {
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
    }).onFailure(e -> {
      if (!res.closed()) res.reset();
    });
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

  private static void comment(HttpServerResponse res, String text) {
    if (!res.closed() && !res.ended()) res.write(": " + text + "\n\n");
  }

  private static void write(HttpServerResponse res, long id, JsonObject data) {
    if (res.closed() || res.ended()) return;
    res.write("id: " + id + "\nevent: publication.status\ndata: " + data.encode() + "\n\n");
  }
}
