package io.clipcast.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** What the simulator test fixtures share: a free port, form encoding, and the query of a redirect's Location. */
public final class SandboxHttp {
  private SandboxHttp() {}

  public static int freePort() {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static String encode(Map<String, String> form) {
    StringBuilder b = new StringBuilder();
    form.forEach((k, v) -> b.append(b.length() == 0 ? "" : "&").append(URLEncoder.encode(k, StandardCharsets.UTF_8)).append('=')
        .append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
    return b.toString();
  }

  /** The decoded query parameters of {@code location}, in order. */
  public static Map<String, String> queryParams(String location) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String kv : location.substring(location.indexOf('?') + 1).split("&")) {
      int eq = kv.indexOf('=');
      out.put(kv.substring(0, eq), URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8));
    }
    return out;
  }
}
