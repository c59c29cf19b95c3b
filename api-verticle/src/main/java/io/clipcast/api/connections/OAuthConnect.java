package io.clipcast.api.connections;

import io.clipcast.api.auth.Authenticator;
import io.clipcast.api.http.Fields;
import io.clipcast.api.http.JsonBodies;
import io.clipcast.api.http.Replies;
import io.clipcast.platforms.CredentialsRejected;
import io.clipcast.platforms.OAuthCallback;
import io.clipcast.platforms.OAuthSignIn;
import io.clipcast.platforms.OAuthStart;
import io.clipcast.platforms.PlatformFailure;
import io.clipcast.web.ApiError;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.Set;
import java.util.UUID;

/**
 * OAuth connect in two calls. {@code start} makes a single-use {@code state} bound to the user and a PKCE S256 verifier
 * (kept server-side in {@code oauth_states}) and returns the platform's authorize URL, whose redirect URI is exactly
 * {@code oauth.redirectUri}. The page at that URI (the frontend) forwards what the platform sent back to
 * {@code callback}, with the user's own credentials: the state is consumed only by the user it was made for, within
 * {@code oauth.stateTtlSeconds}, and the code is exchanged through the connector with the kept verifier before
 * anything is stored. A state that belongs to someone else, expired or was used is refused the same way.
 */
final class OAuthConnect {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
  /**
   * Redirect errors that mean the platform refused the app, not that the user declined: LinkedIn's
   * {@code unauthorized_scope_error} (a scope none of the app's products grants; docs/platforms/linkedin.md) and
   * RFC 6749's {@code invalid_scope} / {@code unauthorized_client}.
   */
  private static final Set<String> APP_REFUSALS = Set.of("unauthorized_scope_error", "invalid_scope", "unauthorized_client");

  private final Pool pg;
  private final ConnectGate gate;
  private final ConnectionStore store;
  private final long stateTtlSeconds;
  private final JsonObject clients;
  private final java.util.function.BiFunction<Row, UUID, Future<Row>> afterConnect;

  OAuthConnect(Pool pg, ConnectGate gate, ConnectionStore store, JsonObject oauthConfig,
               java.util.function.BiFunction<Row, UUID, Future<Row>> afterConnect) {
    this.afterConnect = afterConnect;
    this.pg = pg;
    this.gate = gate;
    this.store = store;
    this.stateTtlSeconds = oauthConfig.getLong("stateTtlSeconds");
    this.clients = oauthConfig.getJsonObject("clients");
  }

  /**
   * {@code {"platform":"vk"}} → 201 {@code {platform, authorizeUrl, state, expiresAt}}. {@code app} picks another of the
   * platform's apps, configured as {@code oauth.clients.<platform>.<app>ClientId} (LinkedIn: {@code "page"}, the
   * Community Management app that posts as Pages; docs/platforms/linkedin.md); it travels to the connector at the end
   * of the state ({@code <random>.<app>}), which the platform hands back unchanged.
   */
  void start(RoutingContext ctx) {
    UUID user = Authenticator.user(ctx);
    JsonObject body = JsonBodies.object(ctx, Set.of("platform", "app"));
    String platform = Fields.string(body, "platform", true, 32);
    String app = Fields.string(body, "app", false, 16);
    OAuthSignIn connector = gate.oauth(platform);
    JsonObject client = clients.getJsonObject(platform, new JsonObject());
    String clientKey = app == null ? "clientId" : app + "ClientId";
    if (app != null && (!app.matches("[a-z]{1,16}") || !client.containsKey(clientKey))) {
      throw ApiError.invalid("app", platform + " has no app '" + app + "' on this server; leave 'app' out to use its main app.");
    }
    String state = random(32) + (app == null ? "" : "." + app);
    String verifier = random(48);   // 64 chars of [A-Za-z0-9_-]: inside PKCE's 43–128
    if (client.getString(clientKey, "").isBlank()) {
      throw new ApiError(503, "oauth_not_configured", "This server has no " + platform + (app == null ? "" : " " + app) + " app configured,"
          + " so accounts cannot be connected " + (app == null ? "" : "that way ") + "yet; ask its operator to set oauth.clients." + platform
          + (app == null ? "" : "." + clientKey) + ".", app == null ? "platform" : "app");
    }
    String url;
    try {
      url = connector.authorizationUrl(new OAuthStart(state, challenge(verifier)));
    } catch (CredentialsRejected e) {
      throw ApiError.invalid(e.field() == null ? "app" : e.field(), e.getMessage());
    }
    gate.planAllows(user, platform)
        .compose(v -> pg.preparedQuery("WITH gone AS (DELETE FROM oauth_states WHERE user_id = $1 AND expires_at < now())"
                + " INSERT INTO oauth_states (state, user_id, platform, code_verifier, expires_at)"
                + " VALUES ($2, $1, $3, $4, now() + make_interval(secs => $5)) RETURNING expires_at")
            .execute(Tuple.of(user, state, platform, verifier, (double) stateTtlSeconds)))
        .onSuccess(rows -> Replies.json(ctx, 201, new JsonObject().put("platform", platform).put("authorizeUrl", url).put("state", state)
            .put("expiresAt", rows.iterator().next().getOffsetDateTime("expires_at").toInstant().toString())))
        .onFailure(ctx::fail);
  }

  /**
   * {@code {"state", "code", "params"?: {other query parameters of the redirect, e.g. device_id}}} → 201 the connection;
   * or {@code {"state", "error"}} when the user declined on the platform → 400 {@code oauth_denied} (the state is used up).
   */
  void callback(RoutingContext ctx) {
    UUID user = Authenticator.user(ctx);
    JsonObject body = JsonBodies.object(ctx, Set.of("state", "code", "error", "params"));
    String state = Fields.string(body, "state", true, 128);
    String code = Fields.string(body, "code", false, 2048);
    String declined = Fields.string(body, "error", false, 256);
    if (code == null && declined == null) throw ApiError.invalid("code", "'code' is required: pass on the code the platform sent back.");
    JsonObject params = params(body);
    pg.preparedQuery("DELETE FROM oauth_states WHERE state = $1 AND user_id = $2 RETURNING platform, code_verifier, expires_at")
        .execute(Tuple.of(state, user)).compose(rows -> {
          if (rows.size() == 0) {
            return Future.failedFuture(new ApiError(400, "invalid_state", "This sign-in was not started by you, or was already"
                + " finished. Start connecting again.", "state"));
          }
          Row r = rows.iterator().next();
          String platform = r.getString("platform");
          if (r.getOffsetDateTime("expires_at").isBefore(OffsetDateTime.now())) {
            return Future.failedFuture(new ApiError(400, "state_expired", "The sign-in took longer than " + stateTtlSeconds / 60
                + " minutes. Start connecting again.", "state"));
          }
          if (declined != null && APP_REFUSALS.contains(declined)) {
            String why = params.getString("error_description");
            return Future.failedFuture(new ApiError(503, "oauth_app_not_approved", platform + " refused the sign-in because this server's"
                + " app is not approved for a permission it asks for (" + declined + (why == null ? "" : ": " + why) + "). Reconnecting"
                + " will not help; the operator must get the product approved for the app (see GET /api/v1/platforms, readiness, and"
                + " docs/platforms/" + platform + ".md).", "error"));
          }
          if (declined != null) {
            return Future.failedFuture(new ApiError(400, "oauth_denied", platform + " says access was not granted (" + declined
                + "). Start connecting again and approve access to connect the account.", "error"));
          }
          OAuthSignIn connector = gate.oauth(platform);
          return gate.planAllows(user, platform)
              .compose(v -> connector.exchangeCode(new OAuthCallback(code, r.getString("code_verifier"), state, params)))
              .recover(e -> Future.failedFuture(exchangeError(platform, e)))
              .compose(account -> store.save(user, platform, account))
              .compose(row -> afterConnect.apply(row, user));
        })
        .onSuccess(row -> Replies.json(ctx, 201, store.json(row))).onFailure(ctx::fail);
  }

  private static JsonObject params(JsonObject body) {
    Object p = body.getValue("params");
    if (p == null) return new JsonObject();
    if (!(p instanceof JsonObject o)) throw ApiError.invalid("params", "'params' must be an object of the redirect's other query parameters.");
    for (String k : o.fieldNames()) {
      if (!(o.getValue(k) instanceof String s) || s.length() > 2048 || k.length() > 64 || !CredentialFields.plain(s) || !CredentialFields.plain(k)) {
        throw ApiError.invalid("params." + k, "Each entry of 'params' must be a query parameter: a name up to 64 characters and a"
            + " string value up to 2048, without control characters.");
      }
    }
    if (o.size() > 20) throw ApiError.invalid("params", "'params' may hold at most 20 query parameters.");
    return o;
  }

  private static Throwable exchangeError(String platform, Throwable e) {
    if (e instanceof ApiError) return e;
    if (e instanceof CredentialsRejected r && r.details() != null && r.details().containsKey("choices")) {
      // the sign-in is fine but covers several accounts: the client starts again naming one (field says where)
      return new ApiError(400, "account_choice_required", r.getMessage(), r.field()).withDetails(r.details());
    }
    if (e instanceof CredentialsRejected r) return new ApiError(400, "oauth_code_rejected", r.getMessage(), "code");
    if (e instanceof PlatformFailure f && (f.kind() == io.clipcast.platforms.ErrorKind.AUTH || f.kind() == io.clipcast.platforms.ErrorKind.PERMANENT)) {
      return new ApiError(400, "oauth_code_rejected", platform + " did not accept the sign-in (" + f.getMessage() + "). Start"
          + " connecting again.", "code");
    }
    return new ApiError(503, "platform_unavailable", platform + " did not answer while finishing the sign-in; start connecting again"
        + " in a minute.", null);
  }

  private static String random(int bytes) {
    byte[] b = new byte[bytes];
    RANDOM.nextBytes(b);
    return B64.encodeToString(b);
  }

  static String challenge(String verifier) {
    try {
      return B64.encodeToString(MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
