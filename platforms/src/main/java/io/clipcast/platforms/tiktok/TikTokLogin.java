package io.clipcast.platforms.tiktok;

import io.clipcast.platforms.ConnectedAccount;
import io.clipcast.platforms.ConnectorSettings;
import io.clipcast.platforms.OAuthCallback;
import io.clipcast.platforms.OAuthStart;
import io.clipcast.platforms.PlatformFailure;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/**
 * TikTok Login Kit v2 (tiktok.md §Auth) for a web app: the authorize URL, code → tokens, rotating refresh (the answer's
 * new refresh token replaces the old one, which stops working; lifetimes come from {@code expires_in} and
 * {@code refresh_expires_in}, never assumed), and {@code user/info} for the account's name, username and avatar.
 * Token calls send form fields with the client key and secret.
 */
final class TikTokLogin {
  static final String SCOPES = "user.info.basic,user.info.profile,video.publish,video.list";
  private static final String USER_FIELDS = "open_id,union_id,avatar_url,display_name,username";

  private final WebClient web;
  private final ConnectorSettings settings;
  private final TikTokApi api;
  private final long timeoutMs;

  TikTokLogin(WebClient web, ConnectorSettings settings, TikTokApi api, long timeoutMs) {
    this.web = web;
    this.settings = settings;
    this.api = api;
    this.timeoutMs = timeoutMs;
  }

  String authorizationUrl(OAuthStart start) {
    return settings.endpoint("oauth") + "/v2/auth/authorize/?client_key=" + enc(settings.clientId()) + "&response_type=code&scope="
        + enc(SCOPES) + "&redirect_uri=" + enc(settings.redirectUri()) + "&state=" + enc(start.state());
  }

  Future<ConnectedAccount> exchangeCode(OAuthCallback callback) {
    MultiMap form = MultiMap.caseInsensitiveMultiMap().add("client_key", settings.clientId()).add("client_secret", settings.clientSecret())
        .add("code", callback.code()).add("grant_type", "authorization_code").add("redirect_uri", settings.redirectUri());
    return token(form, "sign-in").compose(t -> api.get(t.getString("access_token"), "/v2/user/info/?fields=" + USER_FIELDS,
        "reading the profile", null).map(data -> account(t, data.getJsonObject("user", new JsonObject()))));
  }

  Future<ConnectedAccount> refresh(ConnectedAccount current) {
    if (current.refreshToken() == null) {
      return Future.failedFuture(PlatformFailure.auth(null, "The TikTok connection cannot renew itself. Connect TikTok again."));
    }
    MultiMap form = MultiMap.caseInsensitiveMultiMap().add("client_key", settings.clientId()).add("client_secret", settings.clientSecret())
        .add("grant_type", "refresh_token").add("refresh_token", current.refreshToken());
    return token(form, "token renewal").map(t -> {
      JsonObject metadata = current.metadata() == null ? new JsonObject() : current.metadata().copy();
      metadata.put("refreshExpiresAt", refreshExpiresAt(t));
      return new ConnectedAccount(current.externalAccountId(), current.displayName(), current.avatarUrl(), t.getString("access_token"),
          t.getString("refresh_token"), expiresAt(t), t.getString("scope") == null ? current.scopes() : scopes(t.getString("scope")), metadata);
    });
  }

  private static ConnectedAccount account(JsonObject tokens, JsonObject user) {
    String openId = user.getString("open_id", tokens.getString("open_id"));
    String username = user.getString("username");
    String name = user.getString("display_name", username == null ? "TikTok " + openId : "@" + username);
    JsonObject metadata = new JsonObject().put("openId", openId).put("refreshExpiresAt", refreshExpiresAt(tokens));
    if (username != null) metadata.put("username", username);
    return new ConnectedAccount(openId, name, user.getString("avatar_url"), tokens.getString("access_token"),
        tokens.getString("refresh_token"), expiresAt(tokens), scopes(tokens.getString("scope", SCOPES)), metadata);
  }

  private static Instant expiresAt(JsonObject tokens) {
    Long seconds = tokens.getLong("expires_in");
    return seconds == null || seconds <= 0 ? null : Instant.now().plusSeconds(seconds);
  }

  private static String refreshExpiresAt(JsonObject tokens) {
    Long seconds = tokens.getLong("refresh_expires_in");
    return seconds == null || seconds <= 0 ? null : Instant.now().plusSeconds(seconds).toString();
  }

  private static List<String> scopes(String scope) {
    return Arrays.stream(scope.split("[,\\s]+")).filter(s -> !s.isEmpty()).toList();
  }

  private Future<JsonObject> token(MultiMap form, String what) {
    return web.postAbs(settings.endpoint("api") + "/v2/oauth/token/").timeout(timeoutMs).sendForm(form)
        .recover(e -> Future.failedFuture(TikTokErrors.unreachable("the " + what, e)))
        .compose(r -> tokenAnswer(r, what));
  }

  /** OAuth answers: tokens, or {@code {"error","error_description","log_id"}} (on a 4xx, or a 200 — both are seen). */
  private static Future<JsonObject> tokenAnswer(HttpResponse<Buffer> r, String what) {
    JsonObject body;
    try {
      body = r.bodyAsJsonObject();
    } catch (RuntimeException e) {
      body = null;
    }
    Object error = body == null ? null : body.getValue("error");
    if (r.statusCode() == 200 && body != null && body.getString("access_token") != null && !(error instanceof String)) {
      return Future.succeededFuture(body);
    }
    String code = error instanceof String s ? s : error instanceof JsonObject o ? o.getString("code") : null;
    String description = body == null ? "" : body.getString("error_description", "");
    if (r.statusCode() == 429 || "rate_limit_exceeded".equals(code)) {
      return Future.failedFuture(PlatformFailure.rateLimited(code == null ? "429" : code, "TikTok is rate-limiting the " + what
          + "; it will be retried shortly.", Math.max(1000, TikTokErrors.retryAfterMs(r.getHeader("Retry-After")))));
    }
    if (r.statusCode() >= 500 || code == null) {
      return Future.failedFuture(PlatformFailure.retryable(code == null ? "http_" + r.statusCode() : code, "TikTok failed during the "
          + what + " (HTTP " + r.statusCode() + "). Try again in a minute."));
    }
    if (code.equals("invalid_grant") || code.equals("access_token_invalid")) {
      return Future.failedFuture(PlatformFailure.auth(code, "TikTok no longer accepts this sign-in (" + description
          + "). Connect your TikTok account again."));
    }
    return Future.failedFuture(PlatformFailure.permanent(code, "TikTok refused the " + what + ": " + code
        + (description.isEmpty() ? "" : " (" + description + ")")));
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
