package io.clipcast.queue;

import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * The queue's Lua scripts ({@code queue/*.lua}, each prefixed with {@code lib.lua}). Run by EVALSHA; a Redis that
 * does not know a script (restarted, flushed, failed over) answers NOSCRIPT and gets it by EVAL once.
 */
final class QueueScripts {
  static final class Script {
    final String name;
    final String source;
    final String sha;

    private Script(String name, String source) {
      this.name = name;
      this.source = source;
      this.sha = sha1(source);
    }
  }

  private static final String LIB = read("lib");

  static Script load(String name) {
    return new Script(name, LIB + "\n" + read(name));
  }

  /** Runs a script with the key prefix as its one key (all keys it touches share that prefix's hash tag). */
  static Future<Response> run(Redis redis, Script script, String prefix, List<String> args) {
    return redis.send(request(Command.EVALSHA, script.sha, prefix, args)).recover(e -> {
      if (e.getMessage() != null && e.getMessage().startsWith("NOSCRIPT")) {
        return redis.send(request(Command.EVAL, script.source, prefix, args));
      }
      return Future.failedFuture(new QueueException("queue script " + script.name + " failed: " + e.getMessage(), e));
    });
  }

  private static Request request(Command cmd, String scriptOrSha, String prefix, List<String> args) {
    Request r = Request.cmd(cmd).arg(scriptOrSha).arg(1).arg(prefix);
    for (String a : args) r.arg(a);
    return r;
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

  private static String sha1(String s) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
