package io.clipcast.platforms.oauth;

import io.clipcast.platforms.OAuthStart;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.oauth2.OAuth2Auth;
import io.vertx.ext.auth.oauth2.OAuth2AuthorizationURL;
import io.vertx.ext.auth.oauth2.OAuth2Options;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.WebClient;

import java.net.URI;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/**
 * The OAuth 2 authorization-code flow of one platform: the authorize URL (built by {@code vertx-auth-oauth2}, with the
 * PKCE S256 challenge when the platform takes one), the code exchange and the refresh (rotating refresh tokens come
 * back in the answer; the caller keeps the old one when none does). Token calls go through the Vert.x WebClient so
 * that the HTTP status and {@code Retry-After} reach {@link TokenAnswer}; docs/decisions/oauth-client.md says why.
 */
public final class OAuth2Flow {
  private final OAuthProfile profile;
  private final OAuth2Auth library;
  private final WebClient web;
  private final long timeoutMs;

  /** {@code web}: null for a platform whose token calls go elsewhere (Meta's are Graph GETs). */
  public OAuth2Flow(Vertx vertx, WebClient web, OAuthProfile profile, long timeoutMs) {
    this.profile = profile;
    this.web = web;
    this.timeoutMs = timeoutMs;
    this.library = OAuth2Auth.create(vertx, options(profile));
  }

  private static OAuth2Options options(OAuthProfile p) {
    URI authorize = URI.create(p.authorizeUrl);
    OAuth2Options options = new OAuth2Options().setSite(authorize.getScheme() + "://" + authorize.getRawAuthority())
        .setAuthorizationPath(p.authorizeUrl).setTokenPath(p.tokenUrl).setScopeSeparator(" ");
    if ("client_id".equals(p.clientIdParam)) return options.setClientId(p.clientId);
    // a renamed client id (TikTok's client_key) goes in as an extra parameter, so the library must not add client_id;
    // without a client id it only accepts being configured for no grant (the grants go through token() anyway)
    return options.setSupportedGrantTypes(List.of());
  }

  /**
   * The browser's way to the platform's consent page; {@code scopes} joined by {@code separator}. The library's 5.0
   * URL builder writes state, response_type and client_id but not the redirect URI or the PKCE challenge of
   * {@link OAuth2AuthorizationURL}, so those go in as additional parameters.
   */
  public String authorizationUrl(OAuthStart start, List<String> scopes, String separator) {
    OAuth2AuthorizationURL url = new OAuth2AuthorizationURL().setState(start.state());
    if (!"client_id".equals(profile.clientIdParam)) url.putAdditionalParameter(profile.clientIdParam, profile.clientId);
    url.putAdditionalParameter("redirect_uri", profile.redirectUri);
    if (!scopes.isEmpty()) url.putAdditionalParameter("scope", String.join(separator, scopes));
    profile.authorizeParams.forEach(url::putAdditionalParameter);
    if (profile.pkce && start.codeChallenge() != null) {
      url.putAdditionalParameter("code_challenge", start.codeChallenge()).putAdditionalParameter("code_challenge_method", "S256");
    }
    // the library form-encodes spaces as '+'; platforms document %20, and '+' never stands for itself here (it is %2B)
    return library.authorizeURL(url).replace("+", "%20");
  }

  /** {@code grant_type=authorization_code}: the code (and PKCE verifier) for tokens. {@code extra}: platform fields. */
  public Future<JsonObject> exchangeCode(String code, String codeVerifier, MultiMap extra) {
    MultiMap form = MultiMap.caseInsensitiveMultiMap().add("grant_type", "authorization_code").add("code", code)
        .add("redirect_uri", profile.redirectUri);
    if (profile.pkce && codeVerifier != null) form.add("code_verifier", codeVerifier);
    if (extra != null) form.addAll(extra);
    return token(form, "sign-in");
  }

  /** {@code grant_type=refresh_token}. {@code extra}: platform fields (VK ID's {@code device_id}). */
  public Future<JsonObject> refresh(String refreshToken, MultiMap extra) {
    MultiMap form = MultiMap.caseInsensitiveMultiMap().add("grant_type", "refresh_token").add("refresh_token", refreshToken);
    if (extra != null) form.addAll(extra);
    return token(form, "token renewal");
  }

  /** Any grant at the token endpoint, with the app's credentials added as the platform wants them. */
  public Future<JsonObject> token(MultiMap form, String what) {
    HttpRequest<io.vertx.core.buffer.Buffer> request = web.postAbs(profile.tokenUrl).timeout(timeoutMs);
    switch (profile.clientAuth) {
      case BASIC -> request.basicAuthentication(profile.clientId, profile.clientSecret);
      case PUBLIC -> form.add(profile.clientIdParam, profile.clientId);
      case FORM -> form.add(profile.clientIdParam, profile.clientId).add("client_secret", profile.clientSecret);
    }
    return request.sendForm(form)
        .recover(e -> Future.failedFuture(TokenAnswer.unreachable(profile, "the " + what, e)))
        .compose(r -> TokenAnswer.read(r, profile, "the " + what, true));
  }

  /** A form POST to another endpoint of the same sign-in server (VK ID's user_info), classified like the token calls. */
  public Future<JsonObject> post(String url, MultiMap form, String what) {
    return web.postAbs(url).timeout(timeoutMs).sendForm(form)
        .recover(e -> Future.failedFuture(TokenAnswer.unreachable(profile, "the " + what, e)))
        .compose(r -> TokenAnswer.read(r, profile, "the " + what, false));
  }

  /** When the access token of a token answer ends; null when the answer does not say. */
  public static Instant expiresAt(JsonObject tokens) {
    return inSeconds(tokens, "expires_in");
  }

  /** {@code now + tokens[field]} seconds, null when absent or not positive ({@code refresh_expires_in}, ...). */
  public static Instant inSeconds(JsonObject tokens, String field) {
    Long seconds = tokens.getLong(field);
    return seconds == null || seconds <= 0 ? null : Instant.now().plusSeconds(seconds);
  }

  /** Granted scopes, comma- or space-separated as platforms answer them. */
  public static List<String> scopes(String scope) {
    return Arrays.stream(scope.trim().split("[\\s,]+")).filter(s -> !s.isEmpty()).toList();
  }
}
