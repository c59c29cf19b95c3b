package io.clipcast.platforms.oauth;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * What differs between the OAuth platforms, in one place per platform: where the endpoints are, how the app proves
 * itself at the token endpoint, the name TikTok gives the client id, extra authorize parameters (Google's offline
 * access, Yandex's account chooser), and which token errors mean "the user must connect again" versus "the operator's
 * app registration is wrong". Everything else is the same RFC 6749 flow ({@link OAuth2Flow}).
 */
public final class OAuthProfile {
  /** How the app authenticates at the token endpoint. */
  public enum ClientAuth {
    /** {@code client_id} (or its renamed field) and {@code client_secret} as form fields. */
    FORM,
    /** HTTP Basic with the client id and secret (Yandex). */
    BASIC,
    /** A public client: the id only, PKCE proves the caller (VK ID). */
    PUBLIC
  }

  final String name;
  final String authorizeUrl;
  final String tokenUrl;
  final String clientId;
  final String clientSecret;
  final String redirectUri;
  String clientIdParam = "client_id";
  ClientAuth clientAuth = ClientAuth.FORM;
  boolean pkce;
  final Map<String, String> authorizeParams = new LinkedHashMap<>();
  Set<String> reconnectErrors = Set.of("invalid_grant");
  Set<String> operatorErrors = Set.of();
  boolean otherErrorsNeedReconnect;
  String reconnectHint;
  long defaultRetryAfterMs = 1000;
  String statusCodePrefix = "http_";

  private OAuthProfile(String name, String authorizeUrl, String tokenUrl, String clientId, String clientSecret, String redirectUri) {
    this.name = name;
    this.authorizeUrl = authorizeUrl;
    this.tokenUrl = tokenUrl;
    this.clientId = clientId;
    this.clientSecret = clientSecret;
    this.redirectUri = redirectUri;
    this.reconnectHint = "Connect the account again.";
  }

  /** {@code name} is what the user reads in messages ("VK ID", "Google"). */
  public static OAuthProfile of(String name, String authorizeUrl, String tokenUrl, String clientId, String clientSecret, String redirectUri) {
    return new OAuthProfile(name, authorizeUrl, tokenUrl, clientId, clientSecret, redirectUri);
  }

  /** TikTok calls the client id {@code client_key}, in the authorize URL and at the token endpoint. */
  public OAuthProfile clientIdParam(String param) {
    this.clientIdParam = param;
    return this;
  }

  public OAuthProfile clientAuth(ClientAuth auth) {
    this.clientAuth = auth;
    return this;
  }

  /** The authorize URL carries the S256 challenge and the code exchange the verifier. */
  public OAuthProfile pkce() {
    this.pkce = true;
    return this;
  }

  public OAuthProfile authorizeParam(String key, String value) {
    authorizeParams.put(key, value);
    return this;
  }

  /** Token errors ({@code error}) after which only a new sign-in helps (AUTH). */
  public OAuthProfile reconnectOn(String... errors) {
    this.reconnectErrors = Set.of(errors);
    return this;
  }

  /** Token errors that are our app registration's fault (PERMANENT, for the operator). */
  public OAuthProfile operatorErrors(String... errors) {
    this.operatorErrors = Set.of(errors);
    return this;
  }

  /** Any other named token error also needs a new sign-in (instead of failing as PERMANENT). */
  public OAuthProfile otherErrorsNeedReconnect() {
    this.otherErrorsNeedReconnect = true;
    return this;
  }

  /** The sentence that ends a "sign in again" message, e.g. "Connect your VK account again." */
  public OAuthProfile reconnectHint(String hint) {
    this.reconnectHint = hint;
    return this;
  }

  /** The platform code of an answer without a named error is {@code <prefix><status>}; VK and Yandex use the bare status. */
  public OAuthProfile statusCodePrefix(String prefix) {
    this.statusCodePrefix = prefix;
    return this;
  }

  /** The wait on a 429 without a usable {@code Retry-After}. */
  public OAuthProfile defaultRetryAfterMs(long ms) {
    this.defaultRetryAfterMs = ms;
    return this;
  }
}
