package io.clipcast.platforms.youtube;

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
 * Google OAuth 2.0, web-server flow with offline access (platforms/youtube.md "Auth"): the authorize URL (with
 * {@code access_type=offline&prompt=consent}, so a refresh token always comes back, and PKCE S256), the code exchange,
 * and refreshes — which return a new access token only, so the refresh token is kept. {@code invalid_grant} (revoked,
 * expired, unused for 6 months, 7-day "Testing" apps) means the user must connect again.
 */
final class GoogleOAuthClient {
  static final String SCOPE = "https://www.googleapis.com/auth/youtube.upload https://www.googleapis.com/auth/youtube.readonly";

  private final WebClient web;
  private final ConnectorSettings settings;
  private final YouTubeData data;
  private final long callMs;

  GoogleOAuthClient(WebClient web, ConnectorSettings settings, YouTubeData data, long callMs) {
    this.web = web;
    this.settings = settings;
    this.data = data;
    this.callMs = callMs;
  }

  String authorizationUrl(OAuthStart start) {
    return settings.endpoint("oauth") + "/o/oauth2/v2/auth?client_id=" + enc(settings.clientId()) + "&redirect_uri="
        + enc(settings.redirectUri()) + "&response_type=code&scope=" + enc(SCOPE) + "&access_type=offline&prompt=consent"
        + "&include_granted_scopes=true&state=" + enc(start.state()) + "&code_challenge=" + enc(start.codeChallenge())
        + "&code_challenge_method=S256";
  }

  Future<ConnectedAccount> exchangeCode(OAuthCallback callback) {
    MultiMap form = MultiMap.caseInsensitiveMultiMap().add("grant_type", "authorization_code").add("code", callback.code())
        .add("client_id", settings.clientId()).add("client_secret", settings.clientSecret()).add("redirect_uri", settings.redirectUri());
    if (callback.codeVerifier() != null) form.add("code_verifier", callback.codeVerifier());
    return token(form, "sign-in").compose(tokens -> {
      if (tokens.getString("refresh_token") == null) {
        return Future.failedFuture(PlatformFailure.auth(null, "Google gave no long-term access (no refresh token). Connect YouTube "
            + "again and approve offline access."));
      }
      return data.myChannel(tokens.getString("access_token")).compose(channel -> channel == null
          ? Future.failedFuture(PlatformFailure.permanent("youtubeSignupRequired", "This Google account has no YouTube channel. Create "
              + "one at youtube.com, then connect again."))
          : Future.succeededFuture(account(tokens, channel)));
    });
  }

  Future<ConnectedAccount> refresh(ConnectedAccount current) {
    if (current.refreshToken() == null) {
      return Future.failedFuture(PlatformFailure.auth(null, "The YouTube connection cannot renew itself. Connect YouTube again."));
    }
    MultiMap form = MultiMap.caseInsensitiveMultiMap().add("grant_type", "refresh_token").add("refresh_token", current.refreshToken())
        .add("client_id", settings.clientId()).add("client_secret", settings.clientSecret());
    // Google does not rotate refresh tokens: keep the one we have unless a new one comes back
    return token(form, "token renewal").map(t -> new ConnectedAccount(current.externalAccountId(), current.displayName(),
        current.avatarUrl(), t.getString("access_token"), t.getString("refresh_token", current.refreshToken()), expiresAt(t),
        t.getString("scope") == null ? current.scopes() : scopes(t.getString("scope")),
        current.metadata() == null ? new JsonObject() : current.metadata().copy()));
  }

  private static ConnectedAccount account(JsonObject tokens, JsonObject channel) {
    JsonObject snippet = channel.getJsonObject("snippet", new JsonObject());
    JsonObject thumbs = snippet.getJsonObject("thumbnails", new JsonObject());
    String avatar = thumbs.getJsonObject("default") == null ? null : thumbs.getJsonObject("default").getString("url");
    String id = channel.getString("id");
    return new ConnectedAccount(id, snippet.getString("title", "YouTube channel " + id), avatar, tokens.getString("access_token"),
        tokens.getString("refresh_token"), expiresAt(tokens), scopes(tokens.getString("scope", SCOPE)),
        new JsonObject().put("channelId", id).put("customUrl", snippet.getString("customUrl")));
  }

  private Future<JsonObject> token(MultiMap form, String what) {
    return web.postAbs(settings.endpoint("token") + "/token").timeout(callMs).sendForm(form)
        .recover(e -> Future.failedFuture(PlatformFailure.retryable(null, "Google could not be reached for the " + what + " ("
            + e.getMessage() + "). Try again in a minute.")))
        .compose(r -> answer(r, what));
  }

  /** Google's token endpoint answers errors RFC 6749-style: {@code {"error","error_description"}} with 400/401. */
  private static Future<JsonObject> answer(HttpResponse<Buffer> r, String what) {
    JsonObject body = ResumableUpload.json(r.body());
    if (r.statusCode() == 200 && body != null && body.getString("access_token") != null) return Future.succeededFuture(body);
    String error = body == null || !(body.getValue("error") instanceof String s) ? null : s;
    String description = body == null ? "" : body.getString("error_description", "");
    if (r.statusCode() == 429) {
      return Future.failedFuture(PlatformFailure.rateLimited("429", "Google is rate-limiting the " + what + "; it will be retried shortly.",
          GoogleErrors.retryAfterMs(r.getHeader("Retry-After"))));
    }
    if (r.statusCode() >= 500 || error == null) {
      return Future.failedFuture(PlatformFailure.retryable("http_" + r.statusCode(), "Google failed during the " + what + " (HTTP "
          + r.statusCode() + "). Try again in a minute."));
    }
    if (error.equals("invalid_grant") || error.equals("invalid_client") || error.equals("unauthorized_client")) {
      return Future.failedFuture(PlatformFailure.auth(error, "Google no longer accepts this YouTube connection (" + description
          + "). Connect your YouTube channel again."));
    }
    return Future.failedFuture(PlatformFailure.permanent(error, "Google refused the " + what + ": " + error + " " + description));
  }

  private static Instant expiresAt(JsonObject tokens) {
    Long seconds = tokens.getLong("expires_in");
    return seconds == null || seconds <= 0 ? null : Instant.now().plusSeconds(seconds);
  }

  private static List<String> scopes(String scope) {
    return Arrays.stream(scope.trim().split("\\s+")).filter(s -> !s.isEmpty()).toList();
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
