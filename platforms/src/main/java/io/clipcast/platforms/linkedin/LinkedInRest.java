package io.clipcast.platforms.linkedin;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;

/**
 * Calls to LinkedIn's versioned REST API ({@code <api>/rest/...}) with the headers every call needs (docs/platforms/linkedin.md):
 * bearer token, {@code LinkedIn-Version}, {@code X-Restli-Protocol-Version: 2.0.0}. A 2xx answer is returned as is
 * (callers read {@code x-restli-id} or the body); anything else fails with a classified {@link LinkedInErrors} failure;
 * no answer fails retryable with platform code {@code network}.
 */
final class LinkedInRest {
  private final WebClient web;
  private final String base;
  private final String version;
  private final long callMs;

  LinkedInRest(WebClient web, String apiBase, String version, long callMs) {
    this.web = web;
    this.base = apiBase;
    this.version = version;
    this.callMs = callMs;
  }

  Future<HttpResponse<Buffer>> get(String token, String pathAndQuery, String what, ZoneId zone) {
    return answer(request(web.getAbs(base + pathAndQuery), token).send(), what, zone);
  }

  Future<HttpResponse<Buffer>> post(String token, String pathAndQuery, JsonObject body, String what, ZoneId zone) {
    return answer(request(web.postAbs(base + pathAndQuery), token).putHeader("Content-Type", "application/json")
        .sendBuffer(body.toBuffer()), what, zone);
  }

  /** The JSON body of a 2xx answer. */
  static JsonObject json(HttpResponse<Buffer> r) {
    JsonObject b = LinkedInErrors.json(r);
    return b == null ? new JsonObject() : b;
  }

  /** URNs in paths and query values must be URL-encoded ({@code urn%3Ali%3Avideo%3A...}). */
  static String encode(String urn) {
    return URLEncoder.encode(urn, StandardCharsets.UTF_8);
  }

  private HttpRequest<Buffer> request(HttpRequest<Buffer> r, String token) {
    return r.timeout(callMs).putHeader("Authorization", "Bearer " + token).putHeader("LinkedIn-Version", version)
        .putHeader("X-Restli-Protocol-Version", "2.0.0");
  }

  private static Future<HttpResponse<Buffer>> answer(Future<HttpResponse<Buffer>> sent, String what, ZoneId zone) {
    return sent.recover(e -> Future.failedFuture(LinkedInErrors.unreachable(what, e)))
        .compose(r -> r.statusCode() / 100 == 2 ? Future.succeededFuture(r) : Future.failedFuture(LinkedInErrors.of(r, what, zone)));
  }
}
