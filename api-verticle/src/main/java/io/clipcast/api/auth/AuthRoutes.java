package io.clipcast.api.auth;

import io.clipcast.api.http.Replies;
import io.clipcast.api.http.Fields;
import io.clipcast.api.http.JsonBodies;
import io.clipcast.api.plans.Plans;
import io.clipcast.web.ApiError;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.util.Set;
import java.util.UUID;

/** Sign-up, sign-in, the caller's profile, and API keys. */
public final class AuthRoutes {
  // verifying against this when the e-mail is unknown keeps sign-in time the same either way
  private static final String DUMMY_HASH = PasswordHasher.hash("not-a-real-password-0");

  private final UserStore users;
  private final AccessTokens tokens;
  private final LoginThrottle throttle;
  private final SignupLimit signups;
  private final PasswordWork passwords;
  private final Plans plans;

  public AuthRoutes(UserStore users, AccessTokens tokens, LoginThrottle throttle, SignupLimit signups, PasswordWork passwords, Plans plans) {
    this.users = users;
    this.tokens = tokens;
    this.throttle = throttle;
    this.signups = signups;
    this.passwords = passwords;
    this.plans = plans;
  }

  public void mount(Router router, Handler<RoutingContext> json, Handler<RoutingContext> auth) {
    router.post("/api/v1/auth/register").handler(json).handler(this::register);
    router.post("/api/v1/auth/login").handler(json).handler(this::login);
    router.get("/api/v1/me").handler(auth).handler(this::me);
    router.post("/api/v1/api-keys").handler(json).handler(auth).handler(this::createKey);
    router.get("/api/v1/api-keys").handler(auth).handler(this::listKeys);
    router.delete("/api/v1/api-keys/:keyId").handler(auth).handler(this::revokeKey);
  }

  private void register(RoutingContext ctx) {
    JsonObject body = JsonBodies.object(ctx, Set.of("email", "password", "timeZone"));
    String email = Fields.email(body, "email");
    String password = Fields.password(body, "password");
    var zone = Fields.zone(body, "timeZone", false);
    String ip = clientAddress(ctx);
    signups.admit(ip)
        .compose(v -> passwords.run(() -> PasswordHasher.hash(password))
            .recover(e -> PasswordWork.isBusy(e) ? signups.giveBack(ip).transform(x -> Future.failedFuture(e)) : Future.failedFuture(e)))
        .compose(hash -> users.create(email, hash, "free", zone == null ? "UTC" : zone.getId()))
        .compose(id -> id.isEmpty()
            ? Future.failedFuture(new ApiError(409, "email_taken", "An account with this e-mail already exists: sign in instead.", "email"))
            : users.profile(id.get()).map(p -> p.orElseThrow()))
        .onSuccess(profile -> Replies.json(ctx, 201, new JsonObject().put("user", withPlan(profile))
            .put("accessToken", tokens.issue(profile.getString("id"))).put("expiresIn", tokens.ttlSeconds())))
        .onFailure(ctx::fail);
  }

  private void login(RoutingContext ctx) {
    JsonObject body = JsonBodies.object(ctx, Set.of("email", "password"));
    String email = Fields.string(body, "email", true, 254).trim();
    String password = Fields.string(body, "password", true, 256);
    throttle.reserve(email, clientAddress(ctx)).compose(attempt -> users.byEmail(email)
        .compose(row -> passwords.run(() -> {
          boolean ok = PasswordHasher.verify(password, row.map(r -> r.getString("password_hash")).orElse(DUMMY_HASH));
          return ok && row.isPresent() ? row.get().getUUID("id") : null;
        }))
        .recover(e -> throttle.notChecked(attempt).transform(x -> Future.<UUID>failedFuture(e)))
        // the attempt was counted as a failure when it was let through: a wrong password has nothing left to record
        .compose(id -> id == null
            ? Future.<UUID>failedFuture(new ApiError(401, "invalid_credentials", "The e-mail or password is wrong.", null))
            : throttle.succeeded(attempt).transform(x -> Future.succeededFuture(id)))) // settled or not, the password was right
        .onSuccess(id -> Replies.json(ctx, 200, new JsonObject().put("accessToken", tokens.issue(id.toString())).put("expiresIn", tokens.ttlSeconds())))
        .onFailure(ctx::fail);
  }

  private void me(RoutingContext ctx) {
    users.profile(Authenticator.user(ctx))
        .onSuccess(p -> {
          if (p.isEmpty()) ctx.fail(new ApiError(401, "unauthorized", "This account no longer exists.", null));
          else Replies.json(ctx, 200, withPlan(p.get()));
        })
        .onFailure(ctx::fail);
  }

  private void createKey(RoutingContext ctx) {
    JsonObject body = JsonBodies.object(ctx, Set.of("name"));
    String name = Fields.string(body, "name", true, 100).strip();
    if (name.isEmpty()) throw ApiError.invalid("name", "'name' must not be blank: say what the key is for.");
    String key = ApiKeys.generate();
    users.addKey(Authenticator.user(ctx), name, ApiKeys.hash(key))
        .onSuccess(k -> Replies.json(ctx, 201, k.put("key", key).put("note", "Store this key now: it is shown only once.")))
        .onFailure(ctx::fail);
  }

  private void listKeys(RoutingContext ctx) {
    users.keys(Authenticator.user(ctx)).onSuccess(keys -> Replies.json(ctx, 200, new JsonObject().put("items", keys))).onFailure(ctx::fail);
  }

  private void revokeKey(RoutingContext ctx) {
    UUID keyId = PathIds.uuid(ctx, "keyId", "API key");
    users.revokeKey(Authenticator.user(ctx), keyId).onSuccess(ok -> {
      if (ok) ctx.response().setStatusCode(204).end();
      else ctx.fail(ApiError.notFound("API key " + keyId));
    }).onFailure(ctx::fail);
  }

  /** The socket's peer: a header such as X-Forwarded-For is not used, as any client could set it to dodge the limits. */
  private static String clientAddress(RoutingContext ctx) {
    return ctx.request().remoteAddress() == null ? "unknown" : ctx.request().remoteAddress().host();
  }

  private JsonObject withPlan(JsonObject profile) {
    return profile.put("planDetails", plans.describe(profile.getString("plan")));
  }

}
