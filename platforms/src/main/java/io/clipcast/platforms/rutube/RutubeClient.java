package io.clipcast.platforms.rutube;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;

import java.util.concurrent.TimeUnit;

/**
 * The Rutube API calls Clipcast makes (docs/platforms/rutube.md), each with a connect timeout and a response timeout so a
 * hung Rutube never holds a worker. Answers come back as they are (any status); a call that got no answer fails with
 * the network error, which the caller classifies (see {@link RutubeErrors}).
 */
final class RutubeClient {
  private final WebClient client;
  private final String base;
  private final long timeoutMs;

  RutubeClient(Vertx vertx, String base, long timeoutMs) {
    this.client = WebClient.create(vertx, new WebClientOptions().setConnectTimeout((int) Math.min(10_000, timeoutMs))
        .setIdleTimeout((int) timeoutMs).setIdleTimeoutUnit(TimeUnit.MILLISECONDS).setFollowRedirects(false));
    this.base = base;
    this.timeoutMs = timeoutMs;
  }

  /** {@code POST /api/accounts/token_auth/}: login (e-mail or phone) and password → {@code {"token", "userid"}}. */
  Future<HttpResponse<Buffer>> tokenAuth(String login, String password) {
    return request(client.postAbs(base + "/api/accounts/token_auth/"), null)
        .sendJsonObject(new JsonObject().put("username", login).put("password", password));
  }

  /**
   * {@code GET /api/video/person/?page=1&limit=N}: the token's own videos, the call Rutube's own client makes to list
   * "личные видео" with a token (docs/platforms/rutube.md, "Connecting"); 401 if the token is not valid. Each video
   * names its {@code author}.
   */
  Future<HttpResponse<Buffer>> ownVideos(String token, int limit) {
    return request(client.getAbs(base + "/api/video/person/"), token).addQueryParam("page", "1")
        .addQueryParam("limit", Integer.toString(limit)).send();
  }

  /** {@code GET /api/profile/user/<id>/}: a channel's public card (name, avatar_url), from Rutube's developer page. */
  Future<HttpResponse<Buffer>> channel(String userId) {
    return request(client.getAbs(base + "/api/profile/user/" + userId + "/"), null).send();
  }

  /**
   * {@code GET /api/accounts/profile/}: the token's own profile (id, name, avatar_url). Not in Rutube's client; used only
   * to name the owner of a bare token whose account has no video yet (docs/platforms/rutube.md, "Connecting").
   */
  Future<HttpResponse<Buffer>> profile(String token) {
    return request(client.getAbs(base + "/api/accounts/profile/"), token).send();
  }

  /** {@code POST /api/video/}: Rutube will pull {@code url}; answers {@code {"video_id": …}}. */
  Future<HttpResponse<Buffer>> createVideo(String token, JsonObject body) {
    return request(client.postAbs(base + "/api/video/"), token).sendJsonObject(body);
  }

  /** {@code GET /api/video/<id>/}: processing status and counters. */
  Future<HttpResponse<Buffer>> video(String token, String videoId) {
    return request(client.getAbs(base + "/api/video/" + videoId + "/"), token).send();
  }

  /** {@code GET /api/video/person/<user_id>/?page=N}: a user's videos, newest first. */
  Future<HttpResponse<Buffer>> personVideos(String token, String userId, int page) {
    return request(client.getAbs(base + "/api/video/person/" + userId + "/"), token).addQueryParam("page", Integer.toString(page)).send();
  }

  private HttpRequest<Buffer> request(HttpRequest<Buffer> r, String token) {
    r.putHeader("Accept", "application/json").timeout(timeoutMs);
    if (token != null) r.putHeader("Authorization", "Token " + token);
    return r;
  }
}
