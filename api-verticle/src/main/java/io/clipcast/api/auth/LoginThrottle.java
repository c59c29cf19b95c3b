package io.clipcast.api.auth;

import io.clipcast.web.ApiError;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;

import java.util.Locale;

/**
 * Failed sign-ins counted per account and per client address in Redis (cluster-wide), each in a fixed window;
 * past the limit, sign-in is refused with 429 and Retry-After until the window ends. An address gets ten times the
 * account limit: one office behind one NAT is many people.
 */
public final class LoginThrottle {
  private final Redis redis;
  private final String prefix;
  private final int maxFailures;
  private final int windowSeconds;

  public LoginThrottle(Redis redis, String keyPrefix, JsonObject auth) {
    this.redis = redis;
    this.prefix = keyPrefix + "login:";
    this.maxFailures = auth.getInteger("loginMaxFailures");
    this.windowSeconds = auth.getInteger("loginWindowSeconds");
  }

  /** Fails with 429 when either the account or the address is locked out. */
  public Future<Void> check(String email, String ip) {
    return Future.all(ttlIfLocked(accountKey(email), maxFailures), ttlIfLocked(ipKey(ip), maxFailures * 10)).compose(cf -> {
      long wait = Math.max(cf.<Long>resultAt(0), cf.<Long>resultAt(1));
      return wait > 0
          ? Future.failedFuture(new ApiError(429, "too_many_attempts",
              "Too many failed sign-ins. Wait " + wait + " s and try again, or reset your password.", null, wait))
          : Future.succeededFuture();
    });
  }

  public Future<Void> failed(String email, String ip) {
    return Future.all(count(accountKey(email)), count(ipKey(ip))).mapEmpty();
  }

  public Future<Void> succeeded(String email) {
    return redis.send(Request.cmd(Command.DEL).arg(accountKey(email))).mapEmpty();
  }

  private Future<Long> ttlIfLocked(String key, int limit) {
    return redis.send(Request.cmd(Command.GET).arg(key)).compose(v -> {
      if (v == null || v.toInteger() < limit) return Future.succeededFuture(0L);
      return redis.send(Request.cmd(Command.TTL).arg(key)).map(Response::toLong).map(t -> Math.max(1, t));
    });
  }

  private Future<Void> count(String key) {
    return redis.send(Request.cmd(Command.INCR).arg(key)).compose(n -> n.toInteger() == 1
        ? redis.send(Request.cmd(Command.EXPIRE).arg(key).arg(windowSeconds)).mapEmpty()
        : Future.succeededFuture());
  }

  private String accountKey(String email) {
    return prefix + "acct:" + email.toLowerCase(Locale.ROOT);
  }

  private String ipKey(String ip) {
    return prefix + "ip:" + ip;
  }
}
