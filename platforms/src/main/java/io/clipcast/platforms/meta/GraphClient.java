package io.clipcast.platforms.meta;

import io.clipcast.platforms.PlatformFailure;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;

/**
 * Versioned Graph API calls ({@code <api>/<version>/<path>}, the version from the catalog's {@code api.version}) with
 * the token as a Bearer header: GETs with query parameters, POSTs with form fields. Answers the JSON body, or fails
 * with the received {@link GraphApiError} (unclassified, for callers that act on particular codes) or a retryable
 * {@link PlatformFailure} when Meta could not be reached or answered something unreadable. Every answer's
 * {@code facebook-api-version} goes to {@link GraphVersionWatch}: Meta serves a retired version's calls as a newer one
 * instead of refusing them (docs/platforms/facebook.md, "API version").
 */
public final class GraphClient {
  private final WebClient web;
  private final String version;
  private final String base;
  private final String platform;
  private final long callTimeoutMs;

  public GraphClient(WebClient web, String base, String version, String platform, long callTimeoutMs) {
    this.web = web;
    this.version = version;
    this.base = base + "/" + version;
    this.platform = platform;
    this.callTimeoutMs = callTimeoutMs;
  }

  /** The Graph API version every call names, e.g. {@code v21.0}. */
  public String version() {
    return version;
  }

  public Future<JsonObject> get(String token, String path, MultiMap query) {
    var req = web.getAbs(base + "/" + path).timeout(callTimeoutMs);
    if (token != null) req.putHeader("Authorization", "Bearer " + token);
    query.forEach(req::addQueryParam);
    return req.send().recover(e -> Future.failedFuture(MetaErrors.unreachable(platform, "GET " + path, e))).compose(this::answer);
  }

  public Future<JsonObject> post(String token, String path, MultiMap form) {
    return web.postAbs(base + "/" + path).timeout(callTimeoutMs).putHeader("Authorization", "Bearer " + token).sendForm(form)
        .recover(e -> Future.failedFuture(MetaErrors.unreachable(platform, "POST " + path, e))).compose(this::answer);
  }

  public static MultiMap params(String... kv) {
    MultiMap m = MultiMap.caseInsensitiveMultiMap();
    for (int i = 0; i + 1 < kv.length; i += 2) {
      if (kv[i + 1] != null) m.add(kv[i], kv[i + 1]);
    }
    return m;
  }

  private Future<JsonObject> answer(HttpResponse<Buffer> r) {
    GraphVersionWatch.served(platform, version, r.getHeader("facebook-api-version"));
    JsonObject body;
    try {
      body = r.bodyAsJsonObject();
    } catch (RuntimeException e) {
      body = null;
    }
    if (body != null && body.getValue("error") instanceof JsonObject err) {
      return Future.failedFuture(new GraphApiError(r.statusCode(), err.getInteger("code", 0), err.getInteger("error_subcode", 0),
          err.getString("message", ""), err.getString("error_user_msg"), regainMs(r)));
    }
    if (r.statusCode() != 200 || body == null) {
      return Future.failedFuture(r.statusCode() >= 500 || body == null
          ? PlatformFailure.retryable("http_" + r.statusCode(), platform + " answered HTTP " + r.statusCode() + "; it will be retried.")
          : PlatformFailure.permanent("http_" + r.statusCode(), platform + " refused the request (HTTP " + r.statusCode() + ")."));
    }
    return Future.succeededFuture(body);
  }

  /** {@code estimated_time_to_regain_access} (minutes) from Meta's usage headers, in ms; 0 when absent. */
  private static long regainMs(HttpResponse<Buffer> r) {
    long minutes = 0;
    for (String h : new String[] {"X-Business-Use-Case-Usage", "X-App-Usage", "X-Page-Usage"}) {
      String v = r.getHeader(h);
      if (v == null) continue;
      java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"estimated_time_to_regain_access\"\\s*:\\s*(\\d+)").matcher(v);
      while (m.find()) minutes = Math.max(minutes, Long.parseLong(m.group(1)));
    }
    return minutes * 60_000;
  }
}
