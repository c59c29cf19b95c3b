package io.clipcast.api;

import io.vertx.core.json.JsonObject;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One HTTP/1.1 request per connection from a chosen loopback source address (Linux routes all of 127/8 to lo), so a
 * test can be several clients the way the server sees them: by the socket's remote address, which a client cannot
 * forge with a header.
 */
final class LoopbackClient {
  private LoopbackClient() {}

  record Reply(int status, Map<String, String> headers, String body) {
    JsonObject json() {
      return new JsonObject(body);
    }

    String errorCode() {
      return json().getJsonObject("error").getString("code");
    }

    long retryAfter() {
      return Long.parseLong(headers.getOrDefault("retry-after", "0"));
    }
  }

  static Reply post(String base, String from, String path, JsonObject body) {
    return send(base, from, "POST", path, null, body);
  }

  static Reply send(String base, String from, String method, String path, String token, JsonObject body) {
    URI uri = URI.create(base);
    byte[] payload = body == null ? new byte[0] : body.encode().getBytes(StandardCharsets.UTF_8);
    StringBuilder head = new StringBuilder(method + " " + path + " HTTP/1.1\r\nHost: " + uri.getHost() + ":" + uri.getPort()
        + "\r\nConnection: close\r\nContent-Length: " + payload.length + "\r\n");
    if (body != null) head.append("Content-Type: application/json\r\n");
    if (token != null) head.append("Authorization: Bearer ").append(token).append("\r\n");
    head.append("\r\n");
    try (Socket s = new Socket()) {
      s.bind(new InetSocketAddress(InetAddress.getByName(from), 0));
      s.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), 5000);
      s.setSoTimeout(30_000);
      OutputStream out = s.getOutputStream();
      out.write(head.toString().getBytes(StandardCharsets.US_ASCII));
      out.write(payload);
      out.flush();
      return parse(s.getInputStream());
    } catch (Exception e) {
      throw new IllegalStateException(method + " " + path + " from " + from + ": " + e, e);
    }
  }

  private static Reply parse(InputStream in) throws Exception {
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    in.transferTo(all); // Connection: close — the server ends the answer by closing
    String text = all.toString(StandardCharsets.UTF_8);
    int split = text.indexOf("\r\n\r\n");
    String[] lines = text.substring(0, split).split("\r\n");
    Map<String, String> headers = new LinkedHashMap<>();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
    }
    return new Reply(Integer.parseInt(lines[0].split(" ")[1]), headers, text.substring(split + 4));
  }
}
