package io.clipcast.sandbox.youtube;

import io.vertx.core.http.HttpServerRequest;

import java.util.List;

/**
 * A list-valued query parameter as Google reads it: {@code part=snippet,status} and {@code part=snippet&part=status}
 * mean the same (Google's generated clients send list parameters repeated; docs/platforms/youtube.md, "Google's own
 * client against the simulator"). Null when the parameter is absent.
 */
final class RepeatedParams {
  private RepeatedParams() {}

  static String joined(HttpServerRequest req, String name) {
    List<String> values = req.params().getAll(name);
    return values.isEmpty() ? null : String.join(",", values);
  }
}
