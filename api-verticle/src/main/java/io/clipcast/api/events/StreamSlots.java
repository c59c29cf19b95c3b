package io.clipcast.api.events;

import io.clipcast.redis.RedisScript;
import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;

import java.util.List;
import java.util.UUID;

/**
 * The event streams a user has open, counted cluster-wide: a sorted set per user in Redis of stream ids, each scored
 * by when it lapses. An open stream renews its slot at every heartbeat and frees it when it closes; the slots of a
 * node that died without closing its streams lapse after a few heartbeats. Times are Redis's own (TIME), so nodes
 * with skewed clocks agree.
 */
final class StreamSlots {
  /** 1 and the slot is taken, or 0 when the user already holds ARGV[2] live slots. */
  private static final RedisScript ACQUIRE = new RedisScript("""
      local t = redis.call('TIME')
      local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
      redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
      if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[2]) then return 0 end
      redis.call('ZADD', KEYS[1], now + tonumber(ARGV[3]), ARGV[1])
      redis.call('PEXPIRE', KEYS[1], ARGV[3])
      return 1
      """);

  private static final RedisScript RENEW = new RedisScript("""
      local t = redis.call('TIME')
      local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
      redis.call('ZADD', KEYS[1], 'XX', now + tonumber(ARGV[2]), ARGV[1])
      redis.call('PEXPIRE', KEYS[1], ARGV[2])
      return 0
      """);

  private final Redis redis;
  private final String prefix;
  private final int perUser;
  private final long lapseMs;

  StreamSlots(Redis redis, String keyPrefix, int perUser, long lapseMs) {
    this.redis = redis;
    this.prefix = keyPrefix + "sse:";
    this.perUser = perUser;
    this.lapseMs = lapseMs;
  }

  int perUser() {
    return perUser;
  }

  Future<Boolean> acquire(UUID user, String stream) {
    return ACQUIRE.run(redis, List.of(prefix + user), stream, perUser, lapseMs).map(r -> r.toInteger() == 1);
  }

  Future<Void> renew(UUID user, String stream) {
    return RENEW.run(redis, List.of(prefix + user), stream, lapseMs).mapEmpty();
  }

  Future<Void> release(UUID user, String stream) {
    return redis.send(Request.cmd(Command.ZREM).arg(prefix + user).arg(stream)).mapEmpty();
  }
}
