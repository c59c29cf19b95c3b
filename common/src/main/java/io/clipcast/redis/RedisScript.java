package io.clipcast.redis;

import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * A Lua script: one atomic step in Redis, so concurrent requests (on any node) each see the others' effect. Run by
 * EVALSHA; a Redis that does not know the script (restarted, flushed, failed over) answers NOSCRIPT and gets it by
 * EVAL once. Every key a script touches is passed in {@code keys}, all in one Redis Cluster slot (docs/operations/redis.md).
 */
public final class RedisScript {
  private final String source;
  private final String sha;

  public RedisScript(String source) {
    this.source = source;
    try {
      this.sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(source.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  public Future<Response> run(Redis redis, List<String> keys, Object... args) {
    return redis.send(request(Command.EVALSHA, sha, keys, args)).recover(e -> e.getMessage() != null && e.getMessage().startsWith("NOSCRIPT")
        ? redis.send(request(Command.EVAL, source, keys, args))
        : Future.failedFuture(e));
  }

  private static Request request(Command cmd, String scriptOrSha, List<String> keys, Object[] args) {
    Request r = Request.cmd(cmd).arg(scriptOrSha).arg(keys.size());
    keys.forEach(r::arg);
    for (Object a : args) r.arg(a.toString());
    return r;
  }
}
