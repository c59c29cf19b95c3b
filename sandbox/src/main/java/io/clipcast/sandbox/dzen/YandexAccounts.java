package io.clipcast.sandbox.dzen;

import io.clipcast.sandbox.kit.oauth.AuthCodes;
import io.clipcast.sandbox.kit.oauth.BoundCode;
import io.clipcast.sandbox.kit.oauth.OAuthClients;
import io.clipcast.sandbox.kit.oauth.OAuthParams;
import io.clipcast.sandbox.kit.oauth.TokenBook;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.Set;

/**
 * What Yandex OAuth knows: registered apps (client id, secret, callback URLs, permissions), the user signed in on the
 * browser side, issued authorization codes and tokens. In memory; seeded through the control API.
 */
final class YandexAccounts {
  /** An issued code: single use, 10 minutes, bound to the app and (PKCE) to a challenge. */
  record Code(String clientId, JsonObject user, Set<String> scopes, String challenge, String challengeMethod) implements BoundCode<JsonObject> {
    @Override
    public JsonObject subject() {
      return user;
    }
  }

  static final Set<String> KNOWN_SCOPES = Set.of("login:info", "login:avatar", "login:email", "login:birthday", "login:default_phone");

  private final OAuthClients apps = new OAuthClients();

  /** The app `./clipcast dev` is configured with (conf/dev.json), so dev mode connects Дзен without a setup step. */
  YandexAccounts() {
    apps.put(new OAuthClients.Client("sandbox-yandex-app", "sandbox-yandex-secret",
        List.of("http://127.0.0.1:8080/oauth/callback", "http://localhost:8080/oauth/callback"), Set.of("login:info", "login:avatar")));
  }
  private final AuthCodes<Code> codes = new AuthCodes<>(600);
  /** Issued tokens, grants to the signed-in user's Yandex ID fields; a pair shares one lifetime, refresh tokens rotate. */
  private final TokenBook<JsonObject> tokens = new TokenBook<>(
      () -> "y0_" + random(56, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"),
      () -> "1:" + random(16, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789") + ":"
          + random(40, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"),
      () -> this.tokenLifetimeSeconds, () -> this.tokenLifetimeSeconds);
  private volatile boolean autoApprove;
  private volatile JsonObject user = new JsonObject().put("id", "1130000061234567").put("login", "dzen-author")
      .put("display_name", "Автор Дзена").put("real_name", "Анна Автор").put("first_name", "Анна").put("last_name", "Автор")
      .put("sex", "female").put("default_avatar_id", "61234/enc-a1b2c3d4e5f6").put("is_avatar_empty", false)
      .put("default_email", "dzen-author@yandex.ru");
  private volatile long tokenLifetimeSeconds = 31_536_000;

  void register(OAuthClients.Client app) {
    apps.put(app);
  }

  OAuthClients.Client app(String clientId) {
    return apps.get(clientId).orElse(null);
  }

  /** {@code {"autoApprove": true, "user": {...Yandex ID fields}, "expiresIn": seconds}}; absent fields stay. */
  void configure(JsonObject b) {
    if (b.containsKey("autoApprove")) autoApprove = b.getBoolean("autoApprove");
    if (b.getJsonObject("user") != null) user = b.getJsonObject("user").copy();
    if (b.containsKey("expiresIn")) tokenLifetimeSeconds = b.getLong("expiresIn");
  }

  boolean autoApprove() {
    return autoApprove;
  }

  JsonObject user() {
    return user.copy();
  }

  String issueCode(String clientId, Set<String> scopes, String challenge, String method) {
    return codes.issue(random(16, "abcdefghijklmnopqrstuvwxyz0123456789"), new Code(clientId, user(), scopes, challenge, method));
  }

  AuthCodes<Code> codes() {
    return codes;
  }

  TokenBook<JsonObject> tokens() {
    return tokens;
  }

  TokenBook.Grant<JsonObject> access(String token) {
    return tokens.access(token).orElse(null);
  }

  /** The token endpoint's answer for a pair (both share one lifetime). */
  JsonObject tokenBody(TokenBook.Grant<JsonObject> access, TokenBook.Grant<JsonObject> refresh) {
    return new JsonObject().put("token_type", "bearer").put("access_token", access.token()).put("expires_in", tokenLifetimeSeconds)
        .put("refresh_token", refresh.token());
  }

  /** Control view: apps and how many live tokens each has (never the secrets). */
  JsonObject describe() {
    JsonArray list = new JsonArray();
    apps.all().forEach(a -> list.add(new JsonObject().put("clientId", a.clientId()).put("redirectUris", new JsonArray(a.redirectUris()))
        .put("scopes", new JsonArray(List.copyOf(a.scopes())))
        .put("accessTokens", tokens.accessCount(a.clientId()))));
    return new JsonObject().put("autoApprove", autoApprove).put("user", user()).put("expiresIn", tokenLifetimeSeconds).put("apps", list);
  }

  static String random(int length, String alphabet) {
    return OAuthParams.random(length, alphabet);
  }
}
