package io.clipcast.api;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/** A plain socket to the API: writes exactly the bytes a test wants, stops or closes wherever the test says. */
final class RawClient implements AutoCloseable {
  private final Socket socket;

  RawClient(ApiFixture api) throws IOException {
    URI uri = URI.create(api.base);
    socket = new Socket(uri.getHost(), uri.getPort());
  }

  /** Sends the head of a clip upload announcing {@code length} bytes. */
  RawClient uploadHead(String credential, long length) throws IOException {
    return write(("POST /api/v1/clips HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + credential + "\r\nContent-Type: video/mp4\r\n"
        + "Content-Length: " + length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
  }

  /** Sends a whole import request. */
  RawClient importRequest(String token, String url) throws IOException {
    byte[] body = ("{\"url\":\"" + url + "\"}").getBytes(StandardCharsets.UTF_8);
    write(("POST /api/v1/clips/import HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + token + "\r\nContent-Type: application/json\r\n"
        + "Content-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
    return write(body);
  }

  RawClient write(byte[] bytes) throws IOException {
    return write(bytes, 0, bytes.length);
  }

  RawClient write(byte[] bytes, int from, int length) throws IOException {
    socket.getOutputStream().write(bytes, from, length);
    socket.getOutputStream().flush();
    return this;
  }

  /**
   * Everything the server sends until it closes the connection or {@code millis} pass without a byte.
   * {@link Read#closed()} tells which.
   */
  Read readUntilClosed(int millis) throws IOException {
    socket.setSoTimeout(millis);
    ByteArrayOutputStream got = new ByteArrayOutputStream();
    InputStream in = socket.getInputStream();
    byte[] buf = new byte[8192];
    try {
      for (int n; (n = in.read(buf)) >= 0; ) got.write(buf, 0, n);
      return new Read(got.toString(StandardCharsets.UTF_8), true);
    } catch (SocketTimeoutException e) {
      return new Read(got.toString(StandardCharsets.UTF_8), false);
    } catch (IOException e) { // reset by the server: closed as well
      return new Read(got.toString(StandardCharsets.UTF_8), true);
    }
  }

  record Read(String text, boolean closed) {
    int status() {
      return text.startsWith("HTTP/1.1 ") ? Integer.parseInt(text.substring(9, 12)) : -1;
    }
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
