package io.clipcast.sandbox.meta;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Graph API versions and the day Meta retires each (docs/platforms/facebook.md, "API version"), for one simulator. Meta
 * does not refuse a retired version: it serves the call as the oldest version still available and names that version
 * in the {@code facebook-api-version} header, which every Graph answer here carries. {@code retired: "refuse"} plays the
 * refusal Meta's Ads API gives instead (code 2635). Control: {@code POST /<id>/_sandbox/graph}
 * {@code {"today": "2027-02-01" | null, "sunsets": {"v21.0": "2027-01-21"}, "retired": "upgrade" | "refuse"}}.
 */
public final class GraphVersions {
  static final String KEY = "graphVersions";

  /** Meta's versions table (docs/platforms/facebook.md): the day each version stops being available; v26.0 has none yet. */
  private static final Map<String, String> META_TABLE = Map.ofEntries(Map.entry("v17.0", "2025-09-12"), Map.entry("v18.0", "2026-01-26"),
      Map.entry("v19.0", "2026-05-21"), Map.entry("v20.0", "2026-09-24"), Map.entry("v21.0", "2027-01-21"), Map.entry("v22.0", "2027-05-20"),
      Map.entry("v23.0", "2027-10-08"), Map.entry("v24.0", "2028-02-18"), Map.entry("v25.0", "2028-07-29"));

  private final Map<String, LocalDate> sunsets = new ConcurrentHashMap<>();
  private volatile LocalDate today;   // null = the real date
  private volatile boolean refuse;

  public GraphVersions() {
    META_TABLE.forEach((v, d) -> sunsets.put(v, LocalDate.parse(d)));
  }

  /** Tags every Graph call under {@code /<platform>/api} with these versions, and mounts the control route. */
  public void mount(Router router, String platform) {
    router.route("/" + platform + "/api/*").handler(ctx -> {
      ctx.put(KEY, this);
      ctx.next();
    });
    router.post("/" + platform + "/_sandbox/graph").handler(BodyHandler.create().setBodyLimit(16 * 1024)).handler(this::configure);
  }

  static GraphVersions of(RoutingContext ctx) {
    GraphVersions v = ctx.get(KEY);
    return v == null ? new GraphVersions() : v;
  }

  /** The version Meta answers a call to {@code asked} with, or empty when Meta refuses it (refuse mode, retired). */
  Optional<String> served(String asked) {
    LocalDate now = today != null ? today : LocalDate.now(ZoneOffset.UTC);
    if (!retired(asked, now)) return Optional.of(asked);
    if (refuse) return Optional.empty();
    return Optional.of(sunsets.keySet().stream().filter(v -> newer(v, asked) && !retired(v, now)).min(Comparator.comparingDouble(GraphVersions::number))
        .orElse(asked));
  }

  /** The newest version Meta offers on {@code today}, for the refusal's "update to" text. */
  String latest() {
    LocalDate now = today != null ? today : LocalDate.now(ZoneOffset.UTC);
    return sunsets.keySet().stream().filter(v -> !retired(v, now)).max(Comparator.comparingDouble(GraphVersions::number)).orElse("v26.0");
  }

  /** Retired from its sunset day on; a version older than every one in the table retired long ago. */
  private boolean retired(String version, LocalDate now) {
    LocalDate sunset = sunsets.get(version);
    if (sunset == null) return sunsets.keySet().stream().allMatch(v -> number(v) > number(version));
    return !now.isBefore(sunset);
  }

  private static boolean newer(String a, String b) {
    return number(a) > number(b);
  }

  private static double number(String v) {
    try {
      return Double.parseDouble(v.substring(1));
    } catch (RuntimeException e) {
      return 0;
    }
  }

  private void configure(RoutingContext ctx) {
    JsonObject b;
    try {
      b = ctx.body() == null || ctx.body().length() == 0 ? new JsonObject() : ctx.body().asJsonObject();
      if (b.containsKey("today")) today = b.getString("today") == null ? null : LocalDate.parse(b.getString("today"));
      JsonObject s = b.getJsonObject("sunsets");
      if (s != null) {
        for (String v : s.fieldNames()) {
          if (s.getString(v) == null) sunsets.remove(v);
          else sunsets.put(v, LocalDate.parse(s.getString(v)));
        }
      }
      if (b.getString("retired") != null) {
        if (!b.getString("retired").equals("upgrade") && !b.getString("retired").equals("refuse")) throw new IllegalArgumentException();
        refuse = b.getString("retired").equals("refuse");
      }
    } catch (DateTimeParseException | IllegalArgumentException | ClassCastException | io.vertx.core.json.DecodeException e) {
      ctx.response().setStatusCode(400).end("need {today: YYYY-MM-DD|null, sunsets: {vNN.0: YYYY-MM-DD|null}, retired: upgrade|refuse}");
      return;
    }
    JsonObject table = new JsonObject();
    sunsets.entrySet().stream().sorted(Comparator.comparingDouble(e -> number(e.getKey()))).forEach(e -> table.put(e.getKey(), e.getValue().toString()));
    ctx.json(new JsonObject().put("today", today == null ? null : today.toString()).put("sunsets", table).put("retired", refuse ? "refuse" : "upgrade"));
  }
}
