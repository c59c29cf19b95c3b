package io.clipcast.api.stats;

import io.clipcast.api.auth.Authenticator;
import io.clipcast.api.auth.PathIds;
import io.clipcast.api.http.Replies;
import io.clipcast.web.ApiError;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

import java.util.UUID;

/**
 * Post statistics as the stats verticle collected them: a publication's series, and a clip's latest counters per
 * platform with totals — as JSON, or as CSV ({@code ?format=csv}) for spreadsheets.
 */
public final class StatsRoutes {
  private static final String LATEST_PER_PUBLICATION =
      "SELECT p.id, p.platform, p.external_url, p.published_at, s.collected_at, s.views, s.likes, s.comments, s.shares"
          + " FROM publications p LEFT JOIN LATERAL (SELECT * FROM publication_stats st WHERE st.publication_id = p.id"
          + "   ORDER BY st.collected_at DESC LIMIT 1) s ON true"
          + " WHERE p.clip_id = $1 AND p.user_id = $2 AND p.status = 'published' ORDER BY p.published_at, p.id";

  private final Pool pg;

  public StatsRoutes(Pool pg) {
    this.pg = pg;
  }

  public void mount(Router router, Handler<RoutingContext> auth) {
    router.get("/api/v1/publications/:id/stats").handler(auth).handler(this::publication);
    router.get("/api/v1/clips/:id/stats").handler(auth).handler(this::clip);
  }

  private void publication(RoutingContext ctx) {
    UUID user = Authenticator.user(ctx);
    UUID id = PathIds.uuid(ctx, "id", "Publication");
    pg.preparedQuery("SELECT p.id, s.collected_at, s.views, s.likes, s.comments, s.shares FROM publications p"
            + " LEFT JOIN publication_stats s ON s.publication_id = p.id WHERE p.id = $1 AND p.user_id = $2 ORDER BY s.collected_at")
        .execute(Tuple.of(id, user)).onSuccess(rows -> {
          if (rows.size() == 0) {
            ctx.fail(ApiError.notFound("Publication " + id));
            return;
          }
          JsonArray items = new JsonArray();
          for (Row r : rows) if (r.getOffsetDateTime("collected_at") != null) items.add(counters(r));
          Replies.json(ctx, 200, new JsonObject().put("publicationId", id.toString()).put("items", items));
        }).onFailure(ctx::fail);
  }

  private void clip(RoutingContext ctx) {
    UUID user = Authenticator.user(ctx);
    UUID id = PathIds.uuid(ctx, "id", "Clip");
    String format = ctx.queryParams().get("format");
    if (format != null && !format.equals("csv") && !format.equals("json")) {
      throw ApiError.invalid("format", "'format' is json (the default) or csv.");
    }
    pg.preparedQuery("SELECT 1 FROM clips WHERE id = $1 AND user_id = $2").execute(Tuple.of(id, user)).compose(found -> found.size() == 0
            ? io.vertx.core.Future.failedFuture(ApiError.notFound("Clip " + id))
            : pg.preparedQuery(LATEST_PER_PUBLICATION).execute(Tuple.of(id, user)))
        .onSuccess(rows -> {
          if ("csv".equals(format)) {
            StringBuilder csv = new StringBuilder("publication_id,platform,url,published_at,collected_at,views,likes,comments,shares\r\n");
            for (Row r : rows) {
              csv.append(r.getUUID("id")).append(',').append(r.getString("platform")).append(',').append(cell(r.getString("external_url")))
                  .append(',').append(time(r, "published_at")).append(',').append(time(r, "collected_at"))
                  .append(',').append(num(r, "views")).append(',').append(num(r, "likes")).append(',').append(num(r, "comments"))
                  .append(',').append(num(r, "shares")).append("\r\n");
            }
            ctx.response().putHeader("Content-Type", "text/csv; charset=utf-8")
                .putHeader("Content-Disposition", "attachment; filename=\"clip-" + id + "-stats.csv\"").end(csv.toString());
            return;
          }
          JsonArray items = new JsonArray();
          JsonObject totals = new JsonObject().put("views", 0L).put("likes", 0L).put("comments", 0L).put("shares", 0L);
          for (Row r : rows) {
            JsonObject latest = r.getOffsetDateTime("collected_at") == null ? null : counters(r);
            if (latest != null) for (String k : totals.fieldNames()) totals.put(k, totals.getLong(k) + latest.getLong(k));
            items.add(new JsonObject().put("publicationId", r.getUUID("id").toString()).put("platform", r.getString("platform"))
                .put("externalUrl", r.getString("external_url")).put("latest", latest));
          }
          Replies.json(ctx, 200, new JsonObject().put("clipId", id.toString()).put("totals", totals).put("items", items));
        }).onFailure(ctx::fail);
  }

  private static JsonObject counters(Row r) {
    return new JsonObject().put("collectedAt", r.getOffsetDateTime("collected_at").toInstant().toString()).put("views", r.getLong("views"))
        .put("likes", r.getLong("likes")).put("comments", r.getLong("comments")).put("shares", r.getLong("shares"));
  }

  private static String time(Row r, String column) {
    return r.getOffsetDateTime(column) == null ? "" : r.getOffsetDateTime(column).toInstant().toString();
  }

  private static String num(Row r, String column) {
    return r.getLong(column) == null ? "" : r.getLong(column).toString();
  }

  /** RFC 4180 quoting; a leading =,+,-,@ is neutralised so a spreadsheet never runs it as a formula. */
  private static String cell(String v) {
    if (v == null) return "";
    String s = v.matches("^[=+\\-@].*") ? "'" + v : v;
    return s.matches(".*[\",\r\n].*") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
  }
}
