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
 * Every call declares the same keys, {@link #KEY_NAMES} under the queue's prefix, in the order lib.lua reads them
 * (docs/operations/redis.md "One hash slot").
 */
final class QueueScripts {
  /** The queue's keys with fixed names, in KEYS order (lib.lua maps them to K.meta, K.leases, …). */
  static final List<String> KEY_NAMES = List.of(
      "meta", "leases", "delayed", "platforms", "signal", "pauses", "recheck", "counters", "seq", "tat",
      "ready", "turns", "owners");

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

  /** The declared keys of every script for a queue whose keys start with {@code prefix} (it carries the hash tag). */
  static List<String> keys(String prefix) {
    return KEY_NAMES.stream().map(k -> prefix + k).toList();
  }

  /** Runs a script with {@code keys} (from {@link #keys}) declared. */
  static Future<Response> run(Redis redis, Script script, List<String> keys, List<String> args) {
    return run(redis, script, keys, args.toArray());
  }

  /** As {@link #run(Redis, Script, List, List)}, for a caller that builds its arguments as an array. */
  static Future<Response> run(Redis redis, Script script, List<String> keys, Object[] args) {
    return script.lua.run(redis, keys, args).recover(e ->
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
