package io.clipcast.platforms.tiktok.blotato;

import io.clipcast.platforms.PlatformFailure;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;

/**
 * Blotato's REST API ({@code platformApis.tiktok.blotato} + {@code /v2}, header {@code blotato-api-key}). Answers with a
 * 2xx are returned as JSON; others fail classified: 429 rate-limited, 401/403 the server's key is refused (permanent:
 * reconnecting the account cannot fix it), other 4xx permanent, 5xx retryable. Errors carry {@code {"message"}}.
 */
final class BlotatoClient {
  private final WebClient web;
  private final String base;
  private final String apiKey;
  private final long timeoutMs;

  BlotatoClient(WebClient web, String base, String apiKey, long timeoutMs) {
    this.web = web;
    this.base = base + "/v2";
    this.apiKey = apiKey;
    this.timeoutMs = timeoutMs;
  }

  boolean configured() {
    return apiKey != null && !apiKey.isBlank();
  }

  Future<HttpResponse<Buffer>> get(String path) {
    return authorized(web.getAbs(base + path)).send();
  }

  Future<HttpResponse<Buffer>> post(String path, JsonObject body) {
    return authorized(web.postAbs(base + path)).putHeader("Content-Type", "application/json").sendBuffer(body.toBuffer());
  }

  private HttpRequest<Buffer> authorized(HttpRequest<Buffer> r) {
    return r.timeout(timeoutMs).putHeader("blotato-api-key", apiKey);
  }

  /** The JSON of a 2xx answer, or a classified failure for {@code what}. */
  static Future<JsonObject> answer(HttpResponse<Buffer> r, String what) {
    JsonObject body;
    try {
      body = r.bodyAsJsonObject();
    } catch (RuntimeException e) {
      body = null;
    }
    if (r.statusCode() / 100 == 2) return Future.succeededFuture(body == null ? new JsonObject() : body);
    String said = body == null ? "" : " (Blotato said: " + body.getString("message", "") + ")";
    String code = "blotato_" + r.statusCode();
    if (r.statusCode() == 429) {
      String after = r.getHeader("Retry-After");
      long wait;
      try {
        wait = after == null ? 60_000 : Math.max(1, Long.parseLong(after.trim())) * 1000;
      } catch (NumberFormatException e) {
        wait = 60_000;
      }
      return Future.failedFuture(PlatformFailure.rateLimited(code, "Blotato is rate-limiting " + what + "; it will be retried shortly.", wait));
    }
    if (r.statusCode() == 401 || r.statusCode() == 403) {
      return Future.failedFuture(PlatformFailure.permanent(code, "Blotato refused this server's API key during " + what
          + ". Ask the operator to check oauth.clients.tiktok.blotatoApiKey." + said));
    }
    if (r.statusCode() >= 500) {
      return Future.failedFuture(PlatformFailure.retryable(code, "Blotato failed during " + what + " (HTTP " + r.statusCode() + "); it will be retried."));
    }
    return Future.failedFuture(PlatformFailure.permanent(code, "Blotato refused " + what + said + "."));
  }
}
