package io.clipcast.api;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A file server on loopback that misbehaves on purpose, one raw socket per request: after reading the request head it
 * runs the test's script, and it notices when the downloader closes the connection on it.
 */
final class ScriptedRemote implements AutoCloseable {
  interface Script {
    void run(ScriptedRemote remote, Socket s, OutputStream out) throws Exception;
  }

  private final ServerSocket server;
  private final Script script;
  private final CountDownLatch downloaderClosed = new CountDownLatch(1);
  final AtomicLong bodyBytesSent = new AtomicLong();

  ScriptedRemote(Script script) throws IOException {
    this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    this.script = script;
    Thread t = new Thread(this::serve, "scripted-remote");
    t.setDaemon(true);
    t.start();
  }

  String url(String path) {
    return "http://127.0.0.1:" + server.getLocalPort() + path;
  }

  private void serve() {
    while (!server.isClosed()) {
      try {
        Socket s = server.accept();
        Thread t = new Thread(() -> handle(s), "scripted-remote-conn");
        t.setDaemon(true);
        t.start();
      } catch (IOException e) {
        return; // closed
      }
    }
  }

  private void handle(Socket s) {
    try (s) {
      InputStream in = s.getInputStream();
      ByteArrayOutputStream head = new ByteArrayOutputStream();
      while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
        int b = in.read();
        if (b < 0) return;
        head.write(b);
      }
      Thread watcher = new Thread(() -> {
        try {
          while (in.read() >= 0) {
            // a GET sends nothing more; only the end of the stream matters
          }
        } catch (IOException ignored) {
          // reset: closed as well
        }
        downloaderClosed.countDown();
      }, "scripted-remote-watch");
      watcher.setDaemon(true);
      watcher.start();
      script.run(this, s, s.getOutputStream());
    } catch (Exception ignored) {
      // the downloader went away mid-script
    }
  }

  /** Writes the head of a 200 answer announcing {@code length} bytes of video. */
  static void head(OutputStream out, long length) throws IOException {
    out.write(("HTTP/1.1 200 OK\r\nContent-Type: video/mp4\r\nContent-Length: " + length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
    out.flush();
  }

  void body(OutputStream out, byte[] bytes, int from, int length) throws IOException {
    out.write(bytes, from, length);
    out.flush();
    bodyBytesSent.addAndGet(length);
  }

  /** Whether the downloader closed its connection within {@code millis}. */
  boolean downloaderClosed(long millis) throws InterruptedException {
    return downloaderClosed.await(millis, TimeUnit.MILLISECONDS);
  }

  @Override
  public void close() throws IOException {
    server.close();
  }
}
