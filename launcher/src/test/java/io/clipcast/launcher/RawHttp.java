package io.clipcast.launcher;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/** A raw TCP client for what no HTTP library sends: malformed heads, bodies that stop, bytes trickled one at a time. */
final class RawHttp implements AutoCloseable {
  final Socket socket;

  RawHttp(int port) throws IOException {
    socket = new Socket("127.0.0.1", port);
    socket.setSoTimeout(250);
  }

  RawHttp send(String text) throws IOException {
    socket.getOutputStream().write(text.getBytes(StandardCharsets.ISO_8859_1));
    socket.getOutputStream().flush();
    return this;
  }

  /**
   * Everything the server sends until it closes the connection, or until {@code maxMs} pass (then {@code closed} is
   * false). Bytes of {@code trickle} are sent one at a time every {@code trickleEveryMs} meanwhile, as a slow client would.
   */
  Result readUntilClosed(long maxMs, String trickle, long trickleEveryMs) throws IOException {
    ByteArrayOutputStream got = new ByteArrayOutputStream();
    InputStream in = socket.getInputStream();
    long start = System.nanoTime();
    long nextTrickle = start;
    int sent = 0;
    byte[] buf = new byte[8192];
    while ((System.nanoTime() - start) / 1_000_000 < maxMs) {
      if (trickle != null && System.nanoTime() >= nextTrickle) {
        try {
          socket.getOutputStream().write(trickle.charAt(sent++ % trickle.length()));
          socket.getOutputStream().flush();
        } catch (IOException e) {
          return new Result(got.toString(StandardCharsets.UTF_8), true, (System.nanoTime() - start) / 1_000_000);
        }
        nextTrickle = System.nanoTime() + trickleEveryMs * 1_000_000;
      }
      try {
        int n = in.read(buf);
        if (n < 0) return new Result(got.toString(StandardCharsets.UTF_8), true, (System.nanoTime() - start) / 1_000_000);
        got.write(buf, 0, n);
      } catch (SocketTimeoutException e) {
        // nothing yet
      } catch (IOException e) {
        return new Result(got.toString(StandardCharsets.UTF_8), true, (System.nanoTime() - start) / 1_000_000);
      }
    }
    return new Result(got.toString(StandardCharsets.UTF_8), false, maxMs);
  }

  record Result(String text, boolean closed, long afterMs) {
    int status() {
      return text.startsWith("HTTP/1.") ? Integer.parseInt(text.substring(9, 12)) : -1;
    }

    /** The last response's body (after a possible 100 Continue). */
    String body() {
      int at = text.lastIndexOf("\r\n\r\n");
      return at < 0 ? "" : text.substring(at + 4);
    }

    /** The status of the last response in the text (after a possible 100 Continue). */
    int lastStatus() {
      int at = text.lastIndexOf("HTTP/1.");
      return at < 0 ? -1 : Integer.parseInt(text.substring(at + 9, at + 12));
    }
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
