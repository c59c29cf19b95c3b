package io.clipcast.sandbox.tiktok;

import io.clipcast.sandbox.kit.oauth.OAuthParams;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What TikTok's Login Kit knows: registered apps (client key, secret, redirect URIs), creators, authorization codes and
 * tokens. Access tokens are what the Content Posting API accepts; refresh tokens rotate (tiktok.md §Auth: using one
 * revokes it and issues a new pair).
 */
final class TikTokAccounts {
  static final Set<String> KNOWN_SCOPES = Set.of("user.info.basic", "user.info.profile", "user.info.stats", "video.publish",
      "video.upload", "video.list");

  record App(String clientKey, String clientSecret, List<String> redirectUris) {}

  /** A creator. {@code dailyPostCap} overrides the sandbox-wide cap when set; {@code banned} = banned from posting. */
  record Creator(String openId, String unionId, String username, String displayName, String avatarUrl,
                 List<String> privacyLevelOptions, Integer dailyPostCap, boolean banned) {
    JsonObject toJson() {
      return new JsonObject().put("open_id", openId).put("union_id", unionId).put("username", username).put("display_name", displayName)
          .put("avatar_url", avatarUrl).put("privacy_level_options", new JsonArray(privacyLevelOptions)).put("dailyPostCap", dailyPostCap)
          .put("banned", banned);
    }
  }

  record Grant(String token, String openId, String clientKey, Set<String> scopes, Instant expiresAt) {
    boolean expired() {
      return Instant.now().isAfter(expiresAt);
    }
  }

  static final List<String> ALL_PRIVACY = List.of("PUBLIC_TO_EVERYONE", "MUTUAL_FOLLOW_FRIENDS", "FOLLOWER_OF_CREATOR", "SELF_ONLY");
  static final Creator DEFAULT_CREATOR = new Creator("-000sandboxCreatorOpenId0001", "sandbox-union-0001", "clipcast.creator",
      "Clipcast Creator", "https://p16-sign.tiktokcdn.com/sandbox-avatar.jpeg", ALL_PRIVACY, null, false);

  private final Map<String, App> apps = new ConcurrentHashMap<>();
  private final Map<String, Creator> creators = new ConcurrentHashMap<>();
  private final Map<String, Grant> access = new ConcurrentHashMap<>();
  private final Map<String, Grant> refresh = new ConcurrentHashMap<>();

  /** The app {@code ./clipcast dev} is configured with (conf/dev.json), so dev mode connects TikTok without a setup step. */
  TikTokAccounts() {
    apps.put("sbawclipcastdev0001", new App("sbawclipcastdev0001", "sandbox-tiktok-secret",
        List.of("http://127.0.0.1:8080/oauth/callback", "http://localhost:8080/oauth/callback")));
    creators.put(DEFAULT_CREATOR.openId(), DEFAULT_CREATOR);
  }

  void register(App app) {
    apps.put(app.clientKey(), app);
  }

  Optional<App> app(String clientKey) {
    return clientKey == null ? Optional.empty() : Optional.ofNullable(apps.get(clientKey));
  }

  Creator put(Creator c) {
    creators.put(c.openId(), c);
    return c;
  }

  Creator creator(String openId) {
    return creators.getOrDefault(openId, DEFAULT_CREATOR);
  }

  /** A creator from control JSON: {@code open_id} required, the rest defaulted from it. */
  static Creator parse(JsonObject b) {
    String openId = b.getString("open_id");
    String username = b.getString("username", "creator" + Math.abs(openId.hashCode()));
    List<String> privacy = b.getJsonArray("privacy_level_options") == null ? ALL_PRIVACY
        : b.getJsonArray("privacy_level_options").stream().map(Object::toString).toList();
    return new Creator(openId, b.getString("union_id", "union-" + openId), username, b.getString("display_name", username),
        b.getString("avatar_url", "https://p16-sign.tiktokcdn.com/" + username + ".jpeg"), privacy, b.getInteger("dailyPostCap"),
        b.getBoolean("banned", false));
  }

  record Pair(Grant access, Grant refresh) {}

  Pair issue(String openId, String clientKey, Set<String> scopes, long accessTtl, long refreshTtl) {
    Grant a = new Grant("act." + random(40), openId, clientKey, Set.copyOf(scopes), Instant.now().plusSeconds(accessTtl));
    Grant r = new Grant("rft." + random(40), openId, clientKey, Set.copyOf(scopes), Instant.now().plusSeconds(refreshTtl));
    access.put(a.token(), a);
    refresh.put(r.token(), r);
    return new Pair(a, r);
  }

  Optional<Grant> access(String token) {
    return token == null ? Optional.empty() : Optional.ofNullable(access.get(token));
  }

  Optional<Grant> refresh(String token) {
    return token == null ? Optional.empty() : Optional.ofNullable(refresh.get(token));
  }

  /** Uses up a refresh token; false when it was already used (a concurrent refresh got there first). */
  boolean consume(Grant r) {
    return refresh.remove(r.token(), r);
  }

  /** {@code /v2/oauth/revoke/}: the user's tokens for this app stop working. */
  void revoke(String token, String clientKey) {
    Grant g = access.get(token);
    if (g == null || !g.clientKey().equals(clientKey)) return;
    access.values().removeIf(a -> a.openId().equals(g.openId()) && a.clientKey().equals(clientKey));
    refresh.values().removeIf(r -> r.openId().equals(g.openId()) && r.clientKey().equals(clientKey));
  }

  static Set<String> scopes(String commaSeparated) {
    Set<String> s = new LinkedHashSet<>();
    for (String part : commaSeparated.split(",")) if (!part.isBlank()) s.add(part.trim());
    return s;
  }

  static String random(int bytes) {
    return OAuthParams.random(bytes);
  }
}
