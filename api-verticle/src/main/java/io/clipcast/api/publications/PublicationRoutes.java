package io.clipcast.api.publications;

import io.clipcast.api.http.Replies;
import io.clipcast.api.auth.Authenticator;
import io.clipcast.api.auth.PathIds;
import io.clipcast.api.http.Fields;
import io.clipcast.api.http.JsonBodies;
import io.clipcast.api.plans.Plans;
import io.clipcast.publication.PublicationStatus;
import io.clipcast.publication.StatusChange;
import io.clipcast.publication.PublicationLifecycle;
import io.clipcast.queue.JobQueue;
import io.clipcast.web.ApiError;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import static io.clipcast.publication.PublicationStatus.QUEUED;
import static io.clipcast.publication.PublicationStatus.SCHEDULED;

/**
 * Publications: create for 1..N targets now or at a local time, list, get with timeline, cancel, reschedule, retry
 * the failed ones. Postgres first (one transaction per create, one conditional statement per transition), then the
 * queue; if the queue write is lost, the reconciler restores it from Postgres.
 */
public final class PublicationRoutes {
  private static final Logger log = LoggerFactory.getLogger(PublicationRoutes.class);
  private static final Set<String> CREATE_FIELDS = Set.of("clipId", "targets", "publishAt", "timeZone");
  private static final Set<String> TARGET_FIELDS = Set.of("connectionId", "caption", "title", "options");

  private final Pool pg;
  private final JobQueue queue;
  private final PublicationLifecycle lifecycle;
  private final Plans plans;
  private final TargetRules rules;
  private final IdempotencyKeys idempotency;
  private final Clock clock;
  private final Duration minLead;
  private final Duration maxAhead;
  private final int maxTargets;
  private final PublicationViews views;

  public PublicationRoutes(Pool pg, JobQueue queue, PublicationLifecycle lifecycle, Plans plans, JsonObject config, Clock clock) {
    this.pg = pg;
    this.queue = queue;
    this.lifecycle = lifecycle;
    this.plans = plans;
    this.rules = new TargetRules(config);
    this.idempotency = new IdempotencyKeys(pg, config.getJsonObject("publications"));
    this.clock = clock;
    JsonObject p = config.getJsonObject("publications");
    this.minLead = Duration.ofMinutes(p.getInteger("minLeadMinutes"));
    this.maxAhead = Duration.ofDays(p.getInteger("maxAheadDays"));
    this.maxTargets = p.getInteger("maxTargets");
    this.views = new PublicationViews(p);
  }

  public void mount(Vertx vertx, Router router, Handler<RoutingContext> json, Handler<RoutingContext> auth) {
    views.listen(vertx);
    router.post("/api/v1/publications").handler(json).handler(auth).handler(this::create);
    router.get("/api/v1/publications").handler(auth).handler(this::list);
    router.get("/api/v1/publications/:id").handler(auth).handler(this::get);
    router.post("/api/v1/publications/:id/cancel").handler(auth).handler(this::cancel);
    router.post("/api/v1/publications/:id/reschedule").handler(json).handler(auth).handler(this::reschedule);
    router.post("/api/v1/publications/:id/retry").handler(auth).handler(this::retry);
  }

  // ---- create ------------------------------------------------------------------------------------------------

  private record Target(String connectionId, String caption, String title, JsonObject options) {}

  /** The body's fields, read and checked before anything is claimed or queried. */
  private record CreateRequest(UUID clipId, List<Target> targets, String publishAt, String zone) {}

  private void create(RoutingContext ctx) {
    UUID user = Authenticator.user(ctx);
    JsonObject body = JsonBodies.object(ctx, CREATE_FIELDS);
    CreateRequest req = new CreateRequest(uuidField(body, "clipId"), targets(body), Fields.string(body, "publishAt", false, 64),
        Fields.string(body, "timeZone", false, 64));
    String key = ctx.request().getHeader("Idempotency-Key");
    if (key == null) {
      createNow(user, req).onSuccess(r -> Replies.json(ctx, 201, r)).onFailure(ctx::fail);
      return;
    }
    idempotency.claim(user, key, IdempotencyKeys.hash(ctx.body().asString())).onSuccess(claim -> {
      if (claim.replay() != null) {
        ctx.response().putHeader("Idempotent-Replayed", "true");
        Replies.json(ctx, claim.replay().getInteger("status"), claim.replay().getJsonObject("body"));
        return;
      }
      // composed from a completed future, so even an exception thrown while starting the create fails this future
      // (releasing the key) instead of escaping the callback and leaving both the request and the key hanging
      Future.succeededFuture().compose(v -> createNow(user, req))
          .onSuccess(r -> idempotency.complete(user, key, claim, 201, r).onComplete(stored -> {
            // the publications exist either way: say so; an unstored response leaves the claim to be taken over later
            if (stored.failed()) log.warn("idempotency key not completed (a retry after the claim timeout creates again): {}", stored.cause().getMessage());
            Replies.json(ctx, 201, r);
          }))
          .onFailure(e -> idempotency.release(user, key, claim).onComplete(x -> ctx.fail(e)));
    }).onFailure(ctx::fail);
  }

  private Future<JsonObject> createNow(UUID user, CreateRequest req) {
    List<Target> targets = req.targets();
    return createRows(user, req.clipId(), targets).compose(found -> {
      Row u = found.user();
      ZoneId zone = PublishTime.zone(req.zone() != null ? req.zone() : u.getString("time_zone"));
      Instant at = req.publishAt() == null ? null : PublishTime.resolve(req.publishAt(), zone, clock, minLead, maxAhead);
      Map<String, Row> conns = found.checked(req.clipId(), targets);
      for (int i = 0; i < targets.size(); i++) {
        Target t = targets.get(i);
        Row c = conns.get(t.connectionId());
        String platform = c.getString("platform");
        String field = "targets[" + i + "]";
        if (!rules.enabled(platform)) {
          throw new ApiError(409, "platform_disabled", "Publishing to " + platform + " is switched off on this server.", field);
        }
        if (!plans.allows(u.getString("plan"), platform)) {
          throw new ApiError(403, "plan_forbids_platform", "Your plan does not include " + platform + ". "
              + plans.upgradeHint(u.getString("plan")), field + ".connectionId");
        }
        if (!"connected".equals(c.getString("status"))) {
          throw new ApiError(409, "connection_not_connected", "The " + platform + " account is " + c.getString("status")
              + ": reconnect it in Connections, then publish.", field + ".connectionId");
        }
        rules.check(platform, t.caption(), t.title(), field);
      }
      return insert(user, req.clipId(), targets, conns, at, zone);
    });
  }

  private List<Target> targets(JsonObject body) {
    Object raw = body.getValue("targets");
    if (!(raw instanceof JsonArray) || ((JsonArray) raw).isEmpty()) {
      throw ApiError.invalid("targets", "'targets' must list at least one {connectionId, caption} to publish to.");
    }
    JsonArray arr = (JsonArray) raw;
    if (arr.size() > maxTargets) throw ApiError.invalid("targets", "At most " + maxTargets + " targets per request.");
    List<Target> out = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < arr.size(); i++) {
      String field = "targets[" + i + "]";
      if (!(arr.getValue(i) instanceof JsonObject t)) throw ApiError.invalid(field, field + " must be an object.");
      for (String name : t.fieldNames()) {
        if (!TARGET_FIELDS.contains(name)) throw ApiError.invalid(field + "." + name, "Unknown field '" + name + "' in " + field + ".");
      }
      String conn = uuidField(t, "connectionId", field + ".connectionId").toString();
      if (!seen.add(conn)) throw ApiError.invalid(field + ".connectionId", "The same connection is listed twice; each account gets one post.");
      String caption = Fields.string(t, "caption", false, 100_000);
      String title = Fields.string(t, "title", false, 10_000);
      Object options = t.getValue("options");
      if (options != null && !(options instanceof JsonObject)) throw ApiError.invalid(field + ".options", "'options' must be an object.");
      out.add(new Target(conn, caption == null ? "" : caption, title, options == null ? new JsonObject() : (JsonObject) options));
    }
    return out;
  }

  private static UUID uuidField(JsonObject body, String name) {
    return uuidField(body, name, name);
  }

  private static UUID uuidField(JsonObject body, String name, String field) {
    String s = Fields.string(body, name, true, 64);
    try {
      UUID id = UUID.fromString(s);
      if (id.toString().equalsIgnoreCase(s)) return id;
    } catch (IllegalArgumentException ignored) {
      // below
    }
    throw ApiError.invalid(field, "'" + field + "' must be an id like 3f2b8c1e-0a4d-4e5f-9b6a-1c2d3e4f5a6b.");
  }

  private Future<Row> userRow(UUID user) {
    return pg.preparedQuery("SELECT plan, time_zone FROM users WHERE id = $1").execute(Tuple.of(user))
        .map(rows -> {
          if (rows.size() == 0) throw new ApiError(401, "unauthorized", "This account no longer exists.", null);
          return rows.iterator().next();
        });
  }

  /** What a create reads before it writes: the user's row, the clip's, and the rows of the targets' connections. */
  private record CreateRows(Row user, Row clip, Map<String, Row> connections) {
    /** The clip must be ready and every target's connection must exist; the connections by id. */
    Map<String, Row> checked(UUID clipId, List<Target> targets) {
      if (clip == null) throw new ApiError(404, "not_found", "Clip " + clipId + " was not found.", "clipId");
      if (!"ready".equals(clip.getString("status"))) {
        throw new ApiError(409, "clip_not_ready", "The clip is " + clip.getString("status")
            + (clip.getString("reject_reason") != null ? " (" + clip.getString("reject_reason") + ")" : "")
            + ": only a ready clip can be published.", "clipId");
      }
      for (int i = 0; i < targets.size(); i++) {
        if (!connections.containsKey(targets.get(i).connectionId())) {
          throw new ApiError(404, "not_found", "Connection " + targets.get(i).connectionId() + " was not found.",
              "targets[" + i + "].connectionId");
        }
      }
      return connections;
    }
  }

  /**
   * The user, the clip and the targets' connections in one statement: one round trip and one statement's work in
   * Postgres before the insert, where there were two.
   */
  private Future<CreateRows> createRows(UUID user, UUID clipId, List<Target> targets) {
    UUID[] ids = targets.stream().map(t -> UUID.fromString(t.connectionId())).toArray(UUID[]::new);
    return pg.preparedQuery("SELECT 'user' AS kind, id, NULL::text AS status, NULL::text AS reject_reason, NULL::text AS platform,"
            + " plan, time_zone FROM users WHERE id = $2"
            + " UNION ALL SELECT 'clip', id, status, reject_reason, NULL, NULL, NULL FROM clips WHERE id = $1 AND user_id = $2"
            + " UNION ALL SELECT 'connection', id, status, NULL, platform, NULL, NULL FROM platform_connections WHERE id = ANY($3) AND user_id = $2")
        .execute(Tuple.of(clipId, user, ids)).map(rows -> {
          Row userRow = null;
          Row clip = null;
          Map<String, Row> byId = new HashMap<>();
          for (Row r : rows) {
            switch (r.getString("kind")) {
              case "user" -> userRow = r;
              case "clip" -> clip = r;
              default -> byId.put(r.getUUID("id").toString(), r);
            }
          }
          if (userRow == null) throw new ApiError(401, "unauthorized", "This account no longer exists.", null);
          return new CreateRows(userRow, clip, byId);
        });
  }

  /**
   * One statement (atomic without a BEGIN/COMMIT round trip each): the rows, their first events, and the rows back.
   * Half-created publications cannot exist: the statement commits whole or not at all.
   */
  private static final String INSERT = "WITH pubs AS (INSERT INTO publications (id, user_id, clip_id, connection_id, platform, caption,"
      + " title, options, status, scheduled_for, time_zone)"
      + " SELECT t.id, $2, $3, t.conn, t.platform, t.caption, t.title, t.options::jsonb, $9, $10, $11"
      + " FROM unnest($1::uuid[], $4::uuid[], $5::text[], $6::text[], $7::text[], $8::text[]) AS t(id, conn, platform, caption, title, options)"
      + " RETURNING " + PublicationJson.COLUMNS + "),"
      + " ev AS (INSERT INTO publication_events (publication_id, from_status, to_status, attempt, detail)"
      + " SELECT id, NULL, status, 0, '{}'::jsonb FROM pubs RETURNING id AS event_id, publication_id, at AS event_at)"
      + " SELECT pubs.*, ev.event_id, ev.event_at FROM pubs JOIN ev ON ev.publication_id = pubs.id ORDER BY pubs.platform";

  private Future<JsonObject> insert(UUID user, UUID clipId, List<Target> targets, Map<String, Row> conns, Instant at, ZoneId zone) {
    PublicationStatus status = at == null ? QUEUED : SCHEDULED;
    OffsetDateTime due = (at == null ? clock.instant() : at).atOffset(ZoneOffset.UTC);
    int n = targets.size();
    UUID[] ids = new UUID[n];
    UUID[] connIds = new UUID[n];
    String[] platforms = new String[n];
    String[] captions = new String[n];
    String[] titles = new String[n];
    String[] options = new String[n];
    for (int i = 0; i < n; i++) {
      Target t = targets.get(i);
      ids[i] = UUID.randomUUID();
      connIds[i] = UUID.fromString(t.connectionId());
      platforms[i] = conns.get(t.connectionId()).getString("platform");
      captions[i] = t.caption();
      titles[i] = t.title();
      options[i] = t.options().encode();
    }
    return pg.preparedQuery(INSERT).execute(Tuple.from(new Object[] {ids, user, clipId, connIds, platforms, captions, titles, options,
        status.value(), due, zone.getId()})).compose(rows -> {
      JsonArray items = new JsonArray();
      List<Future<?>> queued = new ArrayList<>();
      for (Row r : rows) {
        JsonObject p = PublicationJson.of(r);
        items.add(p);
        lifecycle.announce(new StatusChange(r.getLong("event_id"), p.getString("id"), user.toString(), p.getString("platform"), null,
            status.value(), 0, r.getOffsetDateTime("event_at").toInstant().toString(), new JsonObject()));
        queued.add(enqueue(p, user, at == null ? 0 : at.toEpochMilli()));
      }
      return Future.join(queued).otherwiseEmpty().map(new JsonObject().put("items", items));
    });
  }

  /** Postgres has committed; a lost queue write is not the client's problem: the reconciler restores it. */
  private Future<Boolean> enqueue(JsonObject p, UUID user, long dueMs) {
    return queue.schedule(p.getString("id"), p.getString("platform"), user.toString(), p.getString("connectionId"), dueMs)
        .onFailure(e -> log.warn("queue write failed for {} (the reconciler will restore it): {}", p.getString("id"), e.getMessage()));
  }

  // ---- reads -------------------------------------------------------------------------------------------------

  private void list(RoutingContext ctx) {
    UUID user = Authenticator.user(ctx);
    ListQuery q = ListQuery.parse(ctx);
    pg.preparedQuery("SELECT " + PublicationJson.COLUMNS + " FROM publications WHERE user_id = $1"
            + " AND ($2::text[] IS NULL OR status = ANY($2)) AND ($3::text IS NULL OR platform = $3) AND ($4::uuid IS NULL OR clip_id = $4)"
            + " AND ($5::timestamptz IS NULL OR scheduled_for >= $5) AND ($6::timestamptz IS NULL OR scheduled_for < $6)"
            + " AND ($7::timestamptz IS NULL OR (created_at, id) < ($7, $8))"
            + " ORDER BY created_at DESC, id DESC LIMIT $9")
        .execute(Tuple.from(new Object[] {user, q.statuses(), q.platform(), q.clipId(), q.from(), q.to(), q.cursorAt(), q.cursorId(), q.limit() + 1}))
        .onSuccess(rows -> {
          JsonArray items = new JsonArray();
          Row last = null;
          int n = 0;
          for (Row r : rows) {
            if (n++ == q.limit()) break;
            items.add(PublicationJson.of(r));
            last = r;
          }
          String next = rows.size() > q.limit() && last != null ? ListQuery.cursor(last.getOffsetDateTime("created_at"), last.getUUID("id")) : null;
          Replies.json(ctx, 200, new JsonObject().put("items", items).put("nextCursor", next));
        }).onFailure(ctx::fail);
  }

  private void get(RoutingContext ctx) {
    UUID user = Authenticator.user(ctx);
    UUID id = PathIds.uuid(ctx, "id", "Publication");
    Optional<Buffer> cached = views.get(id, user);
    if (cached.isPresent()) {
      sendView(ctx, cached.get());
      return;
    }
    long readStarted = views.readStarts();
    // one round trip: the row and its timeline together
    pg.preparedQuery("SELECT " + PublicationJson.COLUMNS + ", (SELECT coalesce(json_agg(json_build_object('id', e.id, 'at', e.at,"
            + " 'from', e.from_status, 'to', e.to_status, 'attempt', e.attempt, 'detail', e.detail) ORDER BY e.id), '[]'::json)"
            + " FROM publication_events e WHERE e.publication_id = p.id) AS timeline FROM publications p WHERE p.id = $1 AND p.user_id = $2")
        .execute(Tuple.of(id, user))
        .compose(rows -> {
          if (rows.size() == 0) return Future.failedFuture(ApiError.notFound("Publication " + id));
          Row r = rows.iterator().next();
          JsonArray timeline = new JsonArray(r.getValue("timeline").toString());
          for (Object o : timeline) {
            JsonObject e = (JsonObject) o;
            e.put("at", OffsetDateTime.parse(e.getString("at")).toInstant().toString());
          }
          return Future.succeededFuture(PublicationJson.of(r).put("timeline", timeline).toBuffer());
        }).onSuccess(json -> {
          views.put(id, user, json, readStarted);
          sendView(ctx, json);
        }).onFailure(ctx::fail);
  }

  private static void sendView(RoutingContext ctx, Buffer json) {
    ctx.response().setStatusCode(200).putHeader("Content-Type", "application/json; charset=utf-8").end(json);
  }

  // ---- commands ----------------------------------------------------------------------------------------------

  private void cancel(RoutingContext ctx) {
    UUID user = Authenticator.user(ctx);
    UUID id = PathIds.uuid(ctx, "id", "Publication");
    lifecycle.cancel(id, user)
        .compose(changed -> changed.isPresent()
            ? queue.cancel(id.toString()).otherwiseEmpty().compose(x -> reread(id, user))
            : refuse(id, user, "cancelled", "Only a scheduled, queued or retrying publication can be cancelled"))
        .onSuccess(p -> Replies.json(ctx, 200, p)).onFailure(ctx::fail);
  }

  private void reschedule(RoutingContext ctx) {
    UUID user = Authenticator.user(ctx);
    UUID id = PathIds.uuid(ctx, "id", "Publication");
    JsonObject body = JsonBodies.object(ctx, Set.of("publishAt", "timeZone"));
    String publishAt = Fields.string(body, "publishAt", true, 64);
    String zoneField = Fields.string(body, "timeZone", false, 64);
    userRow(user).compose(u -> {
      ZoneId zone = PublishTime.zone(zoneField != null ? zoneField : u.getString("time_zone"));
      Instant at = PublishTime.resolve(publishAt, zone, clock, minLead, maxAhead);
      return lifecycle.reschedule(id, user, at)
          .compose(changed -> changed.isPresent()
              ? queue.reschedule(id.toString(), at.toEpochMilli()).otherwiseEmpty().compose(x -> reread(id, user))
              : refuse(id, user, "rescheduled", "Only a scheduled publication can be moved to another time"));
    }).onSuccess(p -> Replies.json(ctx, 200, p)).onFailure(ctx::fail);
  }

  private void retry(RoutingContext ctx) {
    UUID user = Authenticator.user(ctx);
    UUID id = PathIds.uuid(ctx, "id", "Publication");
    // a retry gets a fresh set of attempts (and, after "unknown", drops the saved upload state): the lifecycle's retry
    lifecycle.retry(id, user)
        .compose(changed -> changed.isPresent()
            ? reread(id, user).compose(p -> queue.schedule(id.toString(), p.getString("platform"), user.toString(),
                p.getString("connectionId"), 0).otherwiseEmpty().map(p))
            : refuse(id, user, "retried", "Only a failed publication, or one whose outcome is unknown, can be retried"))
        .onSuccess(p -> Replies.json(ctx, 200, p)).onFailure(ctx::fail);
  }

  private Future<JsonObject> reread(UUID id, UUID user) {
    views.invalidate(id);
    return pg.preparedQuery("SELECT " + PublicationJson.COLUMNS + " FROM publications WHERE id = $1 AND user_id = $2")
        .execute(Tuple.of(id, user)).map(rows -> PublicationJson.of(rows.iterator().next()));
  }

  /** The transition did not apply: 404 when it is not the user's, else 409 saying what state it is in. */
  private Future<JsonObject> refuse(UUID id, UUID user, String verb, String rule) {
    return pg.preparedQuery("SELECT status FROM publications WHERE id = $1 AND user_id = $2").execute(Tuple.of(id, user))
        .compose(rows -> Future.failedFuture(rows.size() == 0
            ? ApiError.notFound("Publication " + id)
            : new ApiError(409, "invalid_state", rule + "; this one is " + rows.iterator().next().getString("status") + ".", null)));
  }


  static Optional<String> header(RoutingContext ctx, String name) {
    return Optional.ofNullable(ctx.request().getHeader(name));
  }
}
