package io.clipcast.platforms.vk;

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
import java.util.UUID;

/**
 * VK ID, OAuth 2.1 with PKCE (platforms/vk.md "Auth A"): the authorize URL, code exchange, rotating refresh, and
 * user_info for the account's name and avatar. Every call sends form fields, as VK ID requires. The {@code device_id}
 * returned with the code is kept in the account's metadata: every refresh needs it.
 */
final class VkIdClient {
  static final String SCOPE = "vkid.personal_info wall video";

  private final WebClient client;
  private final ConnectorSettings settings;
  private final String base;
  private final long callTimeoutMs;

  VkIdClient(WebClient client, ConnectorSettings settings, long callTimeoutMs) {
    this.client = client;
    this.settings = settings;
    this.base = settings.endpoint("id");
    this.callTimeoutMs = callTimeoutMs;
  }

  String authorizationUrl(OAuthStart start) {
    return base + "/authorize?response_type=code&client_id=" + enc(settings.clientId()) + "&redirect_uri=" + enc(settings.redirectUri())
        + "&state=" + enc(start.state()) + "&scope=" + enc(SCOPE) + "&code_challenge=" + enc(start.codeChallenge())
        + "&code_challenge_method=S256";
  }

  Future<ConnectedAccount> exchangeCode(OAuthCallback callback) {
    String deviceId = callback.params() == null ? null : callback.params().getString("device_id");
    if (deviceId == null || deviceId.isBlank()) {
      return Future.failedFuture(PlatformFailure.auth(null, "VK did not say which device signed in (no device_id came back). "
          + "Start connecting VK again."));
    }
    MultiMap form = MultiMap.caseInsensitiveMultiMap().add("grant_type", "authorization_code").add("code", callback.code())
        .add("code_verifier", callback.codeVerifier()).add("client_id", settings.clientId()).add("device_id", deviceId)
        .add("redirect_uri", settings.redirectUri()).add("state", callback.state());
    return post("/oauth2/auth", form, "sign-in")
        .compose(tokens -> userInfo(tokens.getString("access_token")).map(user -> account(tokens, user, deviceId)));
  }

  Future<ConnectedAccount> refresh(ConnectedAccount current) {
    String deviceId = current.metadata() == null ? null : current.metadata().getString("deviceId");
    if (current.refreshToken() == null || deviceId == null) {
      return Future.failedFuture(PlatformFailure.auth(null, "The VK connection cannot renew itself. Connect VK again."));
    }
    MultiMap form = MultiMap.caseInsensitiveMultiMap().add("grant_type", "refresh_token").add("refresh_token", current.refreshToken())
        .add("client_id", settings.clientId()).add("device_id", deviceId).add("state", UUID.randomUUID().toString());
    return post("/oauth2/auth", form, "token renewal").map(t -> new ConnectedAccount(current.externalAccountId(),
        current.displayName(), current.avatarUrl(), t.getString("access_token"), t.getString("refresh_token"), expiresAt(t),
        t.getString("scope") == null ? current.scopes() : scopes(t.getString("scope")), current.metadata().copy()));
  }

  private Future<JsonObject> userInfo(String accessToken) {
    MultiMap form = MultiMap.caseInsensitiveMultiMap().add("client_id", settings.clientId()).add("access_token", accessToken);
    return post("/oauth2/user_info", form, "profile lookup").map(b -> {
      JsonObject user = b.getJsonObject("user");
      if (user == null) throw PlatformFailure.retryable(null, "VK's profile answer had no user; try connecting again.");
      return user;
    });
  }

  private static ConnectedAccount account(JsonObject tokens, JsonObject user, String deviceId) {
    String userId = String.valueOf(user.getValue("user_id", tokens.getValue("user_id")));
    String name = (user.getString("first_name", "") + " " + user.getString("last_name", "")).trim();
    return new ConnectedAccount(userId, name.isEmpty() ? "VK id" + userId : name, user.getString("avatar"),
        tokens.getString("access_token"), tokens.getString("refresh_token"), expiresAt(tokens), scopes(tokens.getString("scope", SCOPE)),
        new JsonObject().put("deviceId", deviceId).put("userId", userId));
  }

  private static Instant expiresAt(JsonObject tokens) {
    Long seconds = tokens.getLong("expires_in");
    return seconds == null || seconds <= 0 ? null : Instant.now().plusSeconds(seconds);
  }

  private static List<String> scopes(String scope) {
    return Arrays.stream(scope.trim().split("[\\s,]+")).filter(s -> !s.isEmpty()).toList();
  }

  private Future<JsonObject> post(String path, MultiMap form, String what) {
    return client.postAbs(base + path).timeout(callTimeoutMs).sendForm(form)
        .recover(e -> Future.failedFuture(PlatformFailure.retryable(null, "VK ID could not be reached for the " + what
            + " (" + e.getMessage() + "). Try again in a minute.")))
        .compose(r -> answer(r, what));
  }

  /** VK ID answers errors RFC 6749-style: {@code {"error","error_description"}} with a 4xx status. */
  private static Future<JsonObject> answer(HttpResponse<Buffer> r, String what) {
    JsonObject body = json(r);
    if (r.statusCode() == 200 && body != null && body.getString("error") == null) return Future.succeededFuture(body);
    String error = body == null ? null : body.getString("error");
    String description = body == null ? "" : body.getString("error_description", "");
    if (r.statusCode() == 429) {
      long wait = retryAfterMs(r.getHeader("Retry-After"));
      return Future.failedFuture(PlatformFailure.rateLimited(error == null ? "429" : error,
          "VK ID is rate-limiting the " + what + "; it will be retried shortly.", wait));
    }
    if (r.statusCode() >= 500 || error == null) {
      return Future.failedFuture(PlatformFailure.retryable(String.valueOf(r.statusCode()),
          "VK ID failed during the " + what + " (HTTP " + r.statusCode() + "). Try again in a minute."));
    }
    if (error.equals("invalid_grant") || error.equals("invalid_token") || error.equals("invalid_client")) {
      return Future.failedFuture(PlatformFailure.auth(error, "VK no longer accepts this sign-in (" + description
          + "). Connect your VK account again."));
    }
    return Future.failedFuture(PlatformFailure.permanent(error, "VK ID refused the " + what + ": " + description));
  }

  private static JsonObject json(HttpResponse<Buffer> r) {
    try {
      return r.bodyAsJsonObject();
    } catch (RuntimeException e) {
      return null;
    }
  }

  static long retryAfterMs(String header) {
    try {
      return header == null ? 1000 : Math.max(1, Long.parseLong(header.trim())) * 1000;
    } catch (NumberFormatException e) {
      return 1000;
    }
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
