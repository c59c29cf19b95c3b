package io.clipcast.platforms.meta;

import io.clipcast.platforms.ConnectorSettings;
import io.clipcast.platforms.OAuthCallback;
import io.clipcast.platforms.OAuthStart;
import io.clipcast.platforms.PlatformFailure;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

/**
 * Facebook Login for Business (platforms/instagram.md "Auth"): the dialog URL, the code traded for a short-lived user
 * token, that traded ({@code fb_exchange_token}) for a long-lived one (~60 days), and the user's Pages from
 * {@code /me/accounts} with their Page tokens and linked Instagram professional accounts. Facebook's dialog has no
 * PKCE; the single-use {@code state} guards the callback.
 */
public final class FacebookLogin {
  /** The user and the Pages the sign-in granted, with the long-lived user token. */
  public record SignedIn(String userId, String userName, String userToken, Instant expiresAt, List<JsonObject> pages) {}

  private final GraphClient graph;
  private final ConnectorSettings settings;
  private final String platform;

  public FacebookLogin(GraphClient graph, ConnectorSettings settings, String platform) {
    this.graph = graph;
    this.settings = settings;
    this.platform = platform;
  }

  public String authorizationUrl(OAuthStart start, String scopes) {
    return settings.endpoint("oauth") + "/" + GraphClient.VERSION + "/dialog/oauth?client_id=" + enc(settings.clientId())
        + "&redirect_uri=" + enc(settings.redirectUri()) + "&state=" + enc(start.state()) + "&response_type=code&scope=" + enc(scopes);
  }

  /** Code → short-lived token → long-lived token → who signed in and which Pages they granted. */
  public Future<SignedIn> signIn(OAuthCallback callback, String pageFields) {
    if (callback.code() == null || callback.code().isBlank()) {
      return Future.failedFuture(PlatformFailure.auth(null, platform + " sent no sign-in code back. Start connecting again."));
    }
    return graph.get(null, "oauth/access_token", GraphClient.params("client_id", settings.clientId(), "client_secret",
            settings.clientSecret(), "redirect_uri", settings.redirectUri(), "code", callback.code()))
        .compose(shortToken -> graph.get(null, "oauth/access_token", GraphClient.params("grant_type", "fb_exchange_token",
            "client_id", settings.clientId(), "client_secret", settings.clientSecret(), "fb_exchange_token",
            shortToken.getString("access_token"))))
        .compose(longToken -> {
          String token = longToken.getString("access_token");
          Long ttl = longToken.getLong("expires_in");
          Instant expires = ttl == null || ttl <= 0 ? null : Instant.now().plusSeconds(ttl);
          return graph.get(token, "me", GraphClient.params("fields", "id,name")).compose(me ->
              graph.get(token, "me/accounts", GraphClient.params("fields", pageFields, "limit", "100")).map(accounts ->
                  new SignedIn(me.getString("id"), me.getString("name", ""), token, expires, list(accounts.getJsonArray("data")))));
        })
        .recover(e -> Future.failedFuture(e instanceof GraphApiError g ? signInFailure(g) : e));
  }

  private PlatformFailure signInFailure(GraphApiError g) {
    if (g.code() == 100 || g.code() == 1 && g.getMessage().contains("client secret") || g.code() == 101 || g.code() == 190) {
      return PlatformFailure.auth(Integer.toString(g.code()), platform + " did not accept the sign-in (" + g.getMessage()
          + "). Start connecting again.");
    }
    return MetaErrors.of(g, platform, "the sign-in");
  }

  private static List<JsonObject> list(JsonArray a) {
    return a == null ? List.of() : a.stream().filter(o -> o instanceof JsonObject).map(o -> (JsonObject) o).toList();
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
