package io.clipcast.sandbox.meta;

import io.clipcast.sandbox.kit.CallFaults;
import io.clipcast.sandbox.kit.SandboxKit;
import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.util.regex.Pattern;

/**
 * Runs one Graph call: checks the version path segment against its sunset ({@link GraphVersions}: the answer names the
 * version that served it in {@code facebook-api-version}), draws the call's fault and acts out the kinds that look the
 * same on every Graph endpoint (docs/platforms/instagram.md, "Sandbox control routes"), then runs the work, turning a
 * thrown {@link GraphError} into Meta's error envelope. Parameters come from the query and the form body alike.
 */
public final class GraphCall {
  private static final Pattern VERSION = Pattern.compile("v\\d{1,2}\\.0");

  public interface Work {
    void run(MultiMap params, GraphReply reply);
  }

  private GraphCall() {}

  public static void run(SandboxKit kit, String platform, RoutingContext ctx, String operation, Work work) {
    GraphReply plain = new GraphReply(ctx, null);
    String version = ctx.pathParam("version");
    if (version != null && !VERSION.matcher(version).matches()) {
      plain.error(new GraphError(400, "GraphMethodException", 2500, null, "Unknown path components: /" + version, false));
      return;
    }
    if (version != null) {
      GraphVersions versions = GraphVersions.of(ctx);
      java.util.Optional<String> served = versions.served(version);
      if (served.isEmpty()) {
        plain.error(GraphError.retiredVersion(versions.latest()));
        return;
      }
      ctx.response().putHeader("facebook-api-version", served.get());
    }
    CallFaults.run(kit, platform, operation, ctx, GraphReply::new, (f, reply) -> {
      GraphError refusal = switch (f.kind()) {
        case "http_error" -> GraphError.temporary(f.status());
        case "rate_limit" -> GraphError.rateLimit(java.util.Set.of(4, 17, 32, 613, 80001, 80002).contains(f.status()) ? f.status() : 4);
        case "token_expired" -> GraphError.expiredToken();
        default -> null;
      };
      if (refusal != null) reply.error(refusal);
      return refusal != null;
    }, reply -> execute(ctx, reply, work));
  }

  private static void execute(RoutingContext ctx, GraphReply reply, Work work) {
    MultiMap params = MultiMap.caseInsensitiveMultiMap().addAll(ctx.queryParams());
    String type = ctx.request().getHeader("Content-Type");
    if (type != null && type.toLowerCase(java.util.Locale.ROOT).startsWith("application/x-www-form-urlencoded")) {
      params.addAll(ctx.request().formAttributes());
    } else if (type != null && type.toLowerCase(java.util.Locale.ROOT).startsWith("application/json") && ctx.body() != null
        && ctx.body().length() > 0) {
      try {
        ctx.body().asJsonObject().forEach(e -> params.add(e.getKey(), String.valueOf(e.getValue())));
      } catch (RuntimeException e) {
        reply.error(GraphError.param("The request body is not valid JSON."));
        return;
      }
    }
    try {
      work.run(params, reply);
    } catch (GraphError e) {
      reply.error(e);
    }
  }

  /** The call's access token: {@code access_token} parameter or {@code Authorization: Bearer|OAuth}. */
  public static String token(RoutingContext ctx, MultiMap params) {
    String t = params.get("access_token");
    if (t != null && !t.isBlank()) return t;
    String auth = ctx.request().getHeader("Authorization");
    if (auth == null) return null;
    for (String scheme : new String[] {"Bearer ", "OAuth "}) {
      if (auth.regionMatches(true, 0, scheme, 0, scheme.length())) return auth.substring(scheme.length()).trim();
    }
    return null;
  }

  public static String required(MultiMap params, String name) {
    String v = params.get(name);
    if (v == null || v.isBlank()) throw GraphError.param("The parameter " + name + " is required");
    return v;
  }

  /** An integer parameter, {@code fallback} when absent (code 100 when it is not an integer). */
  public static int intParam(MultiMap params, String name, int fallback) {
    String v = params.get(name);
    if (v == null) return fallback;
    try {
      return Integer.parseInt(v);
    } catch (NumberFormatException e) {
      throw GraphError.param(name + " must be an integer");
    }
  }

  /** One lifetime metric of an insights answer, as {@code /insights} and {@code /video_insights} list them. */
  public static JsonObject insight(String nodeId, String edge, String name, Object value) {
    return new JsonObject().put("name", name).put("period", "lifetime").put("values", new JsonArray().add(new JsonObject().put("value", value)))
        .put("title", name).put("description", "Lifetime " + name).put("id", nodeId + "/" + edge + "/" + name + "/lifetime");
  }

  /** The {@code fields} parameter split at top-level commas ({@code a,b{c,d}} → {@code a}, {@code b{c,d}}). */
  public static java.util.List<String> fields(MultiMap params, String defaults) {
    String raw = params.get("fields");
    if (raw == null || raw.isBlank()) raw = defaults;
    java.util.List<String> out = new java.util.ArrayList<>();
    int depth = 0;
    StringBuilder cur = new StringBuilder();
    for (char c : raw.toCharArray()) {
      if (c == '{') depth++;
      if (c == '}') depth--;
      if (c == ',' && depth == 0) {
        if (!cur.toString().isBlank()) out.add(cur.toString().trim());
        cur.setLength(0);
      } else {
        cur.append(c);
      }
    }
    if (!cur.toString().isBlank()) out.add(cur.toString().trim());
    return out;
  }
}
