package io.clipcast.queue;

import io.clipcast.redis.RedisScript;
import io.vertx.core.Future;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Response;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The queue's Lua scripts ({@code queue/*.lua}, each prefixed with {@code lib.lua}), run as {@link RedisScript}s.
 */
final class QueueScripts {
  static final class Script {
    final String name;
    final RedisScript lua;

    private Script(String name, String source) {
      this.name = name;
      this.lua = new RedisScript(source);
    }
  }

  private static final String LIB = read("lib");

  static Script load(String name) {
    return new Script(name, LIB + "\n" + read(name));
  }

  /** Runs a script with the key prefix as its one key (all keys it touches share that prefix's hash tag). */
  static Future<Response> run(Redis redis, Script script, String prefix, List<String> args) {
    return script.lua.run(redis, List.of(prefix), args.toArray()).recover(e ->
        Future.failedFuture(new QueueException("queue script " + script.name + " failed: " + e.getMessage(), e)));
  }

  private static String read(String name) {
    String path = "queue/" + name + ".lua";
    try (InputStream in = QueueScripts.class.getClassLoader().getResourceAsStream(path)) {
      if (in == null) throw new IllegalStateException("missing " + path);
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
