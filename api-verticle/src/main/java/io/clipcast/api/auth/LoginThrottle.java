package io.clipcast.api.auth;

import io.clipcast.redis.RedisScript;
import io.clipcast.web.ApiError;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Response;

import java.util.List;
import java.util.Locale;

/**
 * Slows password guessing without ever locking an account: guesses are counted per (account, address) pair, per
 * address, and per account, in Redis (cluster-wide), and past a number of free failures the next attempt from the
 * same pair or address must wait, twice as long after each further failure. Only the guessing client waits: the
 * owner signing in from another address is not slowed by someone else's failures.
 *
 * <p>Many addresses guessing one account (distributed guessing) are slowed too: once the account has had
 * {@code loginAccountFreeFailures} failures in the window, an address that never signed in to it waits
 * {@code loginNewAddressDelaySeconds} before each attempt, the first one included. Its owner waits that long once at
 * most; from an address they signed in from before, not at all.
 *
 * <p>An attempt is counted as a failure when it is let through, before its password is checked, in the same Lua
 * step that decided it may go: N concurrent guesses are decided one after another, so exactly the free number is
 * checked. A correct password then takes its count back ({@link #succeeded}).
 */
public final class LoginThrottle {
  /** Returns {0, 0} when the attempt may go (and counts it), else {reason, wait ms}: 1 the pair, 2 the address, 3 a new address. */
  private static final RedisScript RESERVE = new RedisScript("""
      local t = redis.call('TIME')
      local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
      local pairFree, addressFree, accountFree = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
      local base, max, window, newAddressDelay = tonumber(ARGV[4]), tonumber(ARGV[5]), tonumber(ARGV[6]), tonumber(ARGV[7])
      local p = redis.call('HMGET', KEYS[1], 'n', 'next')
      local a = redis.call('HMGET', KEYS[2], 'n', 'next')
      local pn, pnext = tonumber(p[1] or 0), tonumber(p[2] or 0)
      local an, anext = tonumber(a[1] or 0), tonumber(a[2] or 0)
      if pnext > now then return {1, pnext - now} end
      if anext > now then return {2, anext - now} end
      local guessed = tonumber(redis.call('GET', KEYS[3]) or 0) >= accountFree and redis.call('EXISTS', KEYS[4]) == 0
      if guessed and p[2] == false then
        redis.call('HSET', KEYS[1], 'next', now + newAddressDelay)
        redis.call('PEXPIRE', KEYS[1], window)
        return {3, newAddressDelay}
      end
      local function delay(n, free)
        if n < free then return 0 end
        return math.floor(math.min(max, base * 2 ^ math.min(n - free, 40)))
      end
      pn, an = pn + 1, an + 1
      local pd, ad = delay(pn, pairFree), delay(an, addressFree)
      if guessed then pd = math.max(pd, newAddressDelay) end
      redis.call('HSET', KEYS[1], 'n', pn, 'next', now + pd)
      redis.call('PEXPIRE', KEYS[1], math.max(window, pd))
      redis.call('HSET', KEYS[2], 'n', an, 'next', now + ad)
      redis.call('PEXPIRE', KEYS[2], math.max(window, ad))
      redis.call('INCR', KEYS[3])
      redis.call('PEXPIRE', KEYS[3], window)
      return {0, 0}
      """);

  /**
   * Takes back the count of an attempt: ARGV[1] = 1 when its password was right (the pair starts over and the address
   * becomes known to the account), 0 when it was never checked (the server was busy).
   */
  private static final RedisScript SETTLE = new RedisScript("""
      local verified, addressFree, knownMs = ARGV[1] == '1', tonumber(ARGV[2]), tonumber(ARGV[3])
      if verified then
        redis.call('DEL', KEYS[1])
        redis.call('SET', KEYS[4], '1', 'PX', knownMs)
      elseif redis.call('EXISTS', KEYS[1]) == 1 then
        redis.call('HINCRBY', KEYS[1], 'n', -1)
      end
      if redis.call('EXISTS', KEYS[2]) == 1 and redis.call('HINCRBY', KEYS[2], 'n', -1) < addressFree then
        redis.call('HSET', KEYS[2], 'next', 0)
      end
      if tonumber(redis.call('GET', KEYS[3]) or 0) > 0 then redis.call('DECR', KEYS[3]) end
      return 0
      """);

  /** One sign-in attempt that was let through: its counters, to settle once the password is checked. */
  public record Attempt(List<String> keys) {}

  private final Redis redis;
  private final String prefix;
  private final int pairFree;
  private final int addressFree;
  private final int accountFree;
  private final long baseMs;
  private final long maxMs;
  private final long windowMs;
  private final long newAddressDelayMs;
  private final long knownMs;

  public LoginThrottle(Redis redis, String keyPrefix, JsonObject auth) {
    this.redis = redis;
    this.prefix = keyPrefix + "login:";
    this.pairFree = auth.getInteger("loginFreeFailures");
    this.addressFree = auth.getInteger("loginAddressFreeFailures");
    this.accountFree = auth.getInteger("loginAccountFreeFailures");
    this.baseMs = auth.getLong("loginBaseDelaySeconds") * 1000;
    this.maxMs = auth.getLong("loginMaxDelaySeconds") * 1000;
    this.windowMs = auth.getLong("loginWindowSeconds") * 1000;
    this.newAddressDelayMs = auth.getLong("loginNewAddressDelaySeconds") * 1000;
    this.knownMs = auth.getLong("loginKnownAddressDays") * 86_400_000L;
  }

  /** Counts the attempt as a failure and lets it through, or fails with 429 and how long this client must wait. */
  public Future<Attempt> reserve(String email, String ip) {
    String account = email.toLowerCase(Locale.ROOT);
    String pair = account + "|" + ip; // unambiguous: an address never holds '|'
    List<String> keys = List.of(prefix + "pair:" + pair, prefix + "addr:" + ip, prefix + "acct:" + account, prefix + "known:" + pair);
    return RESERVE.run(redis, keys, pairFree, addressFree, accountFree, baseMs, maxMs, windowMs, newAddressDelayMs).compose(r -> {
      int reason = r.get(0).toInteger();
      if (reason == 0) return Future.succeededFuture(new Attempt(keys));
      long wait = Math.max(1, (r.get(1).toLong() + 999) / 1000);
      String message = switch (reason) {
        case 1 -> "Too many failed sign-ins to this account from your address. Wait " + wait + " s and try again, or reset your password.";
        case 2 -> "Too many failed sign-ins from your address. Wait " + wait + " s and try again.";
        default -> "This account has had many failed sign-ins, so a sign-in from an address it was not used from before waits first."
            + " Wait " + wait + " s and try again.";
      };
      return Future.failedFuture(new ApiError(429, "too_many_attempts", message, null, wait));
    });
  }

  /** The password was right: the attempt was not a failure, and its address is now known to the account. */
  public Future<Void> succeeded(Attempt attempt) {
    return settle(attempt, true);
  }

  /** The password was never checked (the server was busy): the attempt does not count. */
  public Future<Void> notChecked(Attempt attempt) {
    return settle(attempt, false);
  }

  private Future<Void> settle(Attempt attempt, boolean verified) {
    return SETTLE.run(redis, attempt.keys(), verified ? 1 : 0, addressFree, knownMs).mapEmpty();
  }
}
