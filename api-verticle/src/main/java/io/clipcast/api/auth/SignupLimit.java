package io.clipcast.api.auth;

import io.clipcast.redis.RedisScript;
import io.clipcast.web.ApiError;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Redis;

import java.util.List;

/**
 * Sign-ups per client address in a fixed window, counted in Redis (cluster-wide) before the password is hashed, so
 * a burst of sign-ups costs a Redis call each, not an argon2id hash each. Count and expiry are set in one step: N
 * concurrent sign-ups are counted exactly, and a counter never outlives its window.
 */
public final class SignupLimit {
  /** The address's count after this sign-up, and the window's remaining seconds. */
  private static final RedisScript COUNT = new RedisScript("""
      local n = redis.call('INCR', KEYS[1])
      if n == 1 then redis.call('EXPIRE', KEYS[1], ARGV[1]) end
      return {n, redis.call('TTL', KEYS[1])}
      """);

  /** Decrements only a live counter: one that expired meanwhile must not come back without its expiry. */
  private static final RedisScript GIVE_BACK = new RedisScript("""
      if redis.call('EXISTS', KEYS[1]) == 1 then redis.call('DECR', KEYS[1]) end
      return 0
      """);

  private final Redis redis;
  private final String prefix;
  private final int perAddress;
  private final int windowSeconds;

  public SignupLimit(Redis redis, String keyPrefix, JsonObject auth) {
    this.redis = redis;
    this.prefix = keyPrefix + "signup:";
    this.perAddress = auth.getInteger("signupsPerAddress");
    this.windowSeconds = auth.getInteger("signupWindowSeconds");
  }

  /** Counts a sign-up from this address, or fails with 429 when the address has had its sign-ups for the window. */
  public Future<Void> admit(String ip) {
    return COUNT.run(redis, List.of(prefix + ip), windowSeconds).compose(r -> r.get(0).toLong() <= perAddress
        ? Future.succeededFuture()
        : Future.failedFuture(new ApiError(429, "too_many_signups", "Too many accounts were created from your address recently. Wait "
            + Math.max(1, r.get(1).toLong()) + " s and try again, or sign in to an account you already have.", null,
            Math.max(1, r.get(1).toLong()))));
  }

  /** A sign-up that was counted but not carried out (the server was busy) gives its place back. */
  public Future<Void> giveBack(String ip) {
    return GIVE_BACK.run(redis, List.of(prefix + ip)).mapEmpty();
  }
}
