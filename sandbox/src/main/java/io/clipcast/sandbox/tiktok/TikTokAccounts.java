package io.clipcast.sandbox.tiktok;

import io.clipcast.sandbox.kit.oauth.OAuthClients;
import io.clipcast.sandbox.kit.oauth.OAuthParams;
import io.clipcast.sandbox.kit.oauth.TokenBook;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What TikTok's Login Kit knows: registered apps (client key, secret, redirect URIs), creators, authorization codes and
 * tokens. Access tokens are what the Content Posting API accepts; refresh tokens rotate (docs/platforms/tiktok.md: using one
 * revokes it and issues a new pair).
 */
final class TikTokAccounts {
  static final Set<String> KNOWN_SCOPES = Set.of("user.info.basic", "user.info.profile", "user.info.stats", "video.publish",
      "video.upload", "video.list");

  /**
   * A creator. {@code dailyPostCap} overrides the sandbox-wide cap when set; {@code banned} = banned from posting;
   * {@code privateAccount} = the TikTok account itself is private (an unaudited app may post only from such accounts).
   */
  record Creator(String openId, String unionId, String username, String displayName, String avatarUrl,
                 List<String> privacyLevelOptions, Integer dailyPostCap, boolean banned, boolean privateAccount) {
    JsonObject toJson() {
      return new JsonObject().put("open_id", openId).put("union_id", unionId).put("username", username).put("display_name", displayName)
          .put("avatar_url", avatarUrl).put("privacy_level_options", new JsonArray(privacyLevelOptions)).put("dailyPostCap", dailyPostCap)
          .put("banned", banned).put("private_account", privateAccount);
    }

    Creator withPrivateAccount(boolean isPrivate) {
      return new Creator(openId, unionId, username, displayName, avatarUrl, privacyLevelOptions, dailyPostCap, banned, isPrivate);
    }
  }

  static final List<String> ALL_PRIVACY = List.of("PUBLIC_TO_EVERYONE", "MUTUAL_FOLLOW_FRIENDS", "FOLLOWER_OF_CREATOR", "SELF_ONLY");
  /** The creator dev mode signs in as: a private account, so the dev app posts although it is unaudited (the default). */
  static final Creator DEFAULT_CREATOR = new Creator("-000sandboxCreatorOpenId0001", "sandbox-union-0001", "clipcast.creator",
      "Clipcast Creator", "https://p16-sign.tiktokcdn.com/sandbox-avatar.jpeg", ALL_PRIVACY, null, false, true);

  /** Registered apps; the client id is TikTok's client_key. */
  final OAuthClients apps = new OAuthClients();
  private final Map<String, Creator> creators = new ConcurrentHashMap<>();
  /** Issued tokens, grants to an open_id; refresh tokens rotate. */
  final TokenBook<String> tokens;

  /** The app {@code ./clipcast dev} is configured with (conf/dev.json), so dev mode connects TikTok without a setup step. */
  TikTokAccounts(TikTokSettings settings) {
    tokens = new TokenBook<>(() -> "act." + random(40), () -> "rft." + random(40), () -> settings.accessTokenTtlSeconds,
        () -> settings.refreshTokenTtlSeconds);
    apps.put(new OAuthClients.Client("sbawclipcastdev0001", "sandbox-tiktok-secret",
        List.of("http://127.0.0.1:8080/oauth/callback", "http://localhost:8080/oauth/callback"), KNOWN_SCOPES));
    creators.put(DEFAULT_CREATOR.openId(), DEFAULT_CREATOR);
  }

  Creator put(Creator c) {
    creators.put(c.openId(), c);
    return c;
  }

  Creator creator(String openId) {
    return creators.getOrDefault(openId, DEFAULT_CREATOR);
  }

  /** A creator from control JSON: {@code open_id} required, the rest defaulted from it; accounts are public unless {@code private_account}. */
  static Creator parse(JsonObject b) {
    String openId = b.getString("open_id");
    String username = b.getString("username", "creator" + Math.abs(openId.hashCode()));
    List<String> privacy = b.getJsonArray("privacy_level_options") == null ? ALL_PRIVACY
        : b.getJsonArray("privacy_level_options").stream().map(Object::toString).toList();
    return new Creator(openId, b.getString("union_id", "union-" + openId), username, b.getString("display_name", username),
        b.getString("avatar_url", "https://p16-sign.tiktokcdn.com/" + username + ".jpeg"), privacy, b.getInteger("dailyPostCap"),
        b.getBoolean("banned", false), b.getBoolean("private_account", false));
  }

  /**
   * {@code POST /tiktok/_sandbox/accounts/privacy {"open_id", "private_account"}}: the creator's account becomes private or
   * public (the default creator when {@code open_id} is absent).
   */
  JsonObject setPrivacy(JsonObject b) {
    if (!(b.getValue("private_account") instanceof Boolean isPrivate)) throw new IllegalArgumentException("need {open_id, private_account: true|false}");
    Creator c = creators.get(b.getString("open_id", DEFAULT_CREATOR.openId()));
    if (c == null) throw new IllegalArgumentException("no creator " + b.getString("open_id") + "; create one through /tiktok/_sandbox/tokens");
    return put(c.withPrivateAccount(isPrivate)).toJson();
  }

  /** {@code /v2/oauth/revoke/}: the user's tokens for this app stop working. */
  void revoke(String token, String clientKey) {
    tokens.access(token).filter(g -> g.clientId().equals(clientKey)).ifPresent(g -> tokens.revokeAll(g.subject(), clientKey));
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
