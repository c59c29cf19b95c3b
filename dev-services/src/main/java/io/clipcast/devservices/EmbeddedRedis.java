package io.clipcast.devservices;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A real redis-server for dev mode and tests: the system's {@code redis-server} when installed, otherwise the
 * binary that ships inside codemonstur's embedded-redis jar. Runs as the design asks production to: AOF on,
 * {@code maxmemory-policy noeviction}. Can be stopped and started again on the same port and folder.
 */
public final class EmbeddedRedis implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(EmbeddedRedis.class);
  private static final String BUNDLED = "redis-server-6.2.6-v5-linux-amd64";

  private final Path executable;
  private final Path dir;
  private final int port;
  private Process process;

  private EmbeddedRedis(Path executable, Path dir, int port) {
    this.executable = executable;
    this.dir = dir;
    this.port = port;
  }

  public static EmbeddedRedis start(Path binCache, Path dir, int port) throws IOException, InterruptedException {
    EmbeddedRedis redis = new EmbeddedRedis(locate(binCache), dir, port);
    redis.start();
    return redis;
  }

  /** The redis-server binary: the system's when installed, else the bundled one (also runs as a sentinel). */
  public static Path executable(Path binCache) throws IOException {
    return locate(binCache);
  }

  private static Path locate(Path binCache) throws IOException {
    for (String p : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
      Path candidate = Path.of(p, "redis-server");
      if (!p.isEmpty() && Files.isExecutable(candidate)) return candidate;
    }
    return BundledBinaries.unpackExecutable(BUNDLED, binCache, "redis", "redis-server");
  }

  /** Starts the server (again, after {@link #stop()}); the AOF in its folder brings the data back. */
  public synchronized void start() throws IOException, InterruptedException {
    Files.createDirectories(dir);
    Path pidFile = dir.resolve("redis.pid");
    ServerProcess.reapLeftover(pidFile, "redis-server", "TERM");
    if (ServerProcess.portOpen(port)) {
      throw new IOException("Port " + port + " is already in use, so the embedded Redis cannot start."
          + " Stop what uses it or choose another port (dev.redisPort / CLIPCAST_DEV_REDIS_PORT).");
    }
    Path logFile = dir.resolve("redis.log");
    process = ServerProcess.start(List.of(executable.toString(),
        "--port", Integer.toString(port), "--bind", "127.0.0.1", "--protected-mode", "no",
        "--dir", dir.toString(), "--pidfile", pidFile.toString(), "--daemonize", "no",
        "--appendonly", "yes", "--appendfsync", "everysec", "--save", "",
        "--maxmemory-policy", "noeviction"), logFile);
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IOException("redis-server exited during start-up (exit " + process.exitValue() + "): " + ServerProcess.tail(logFile));
      }
      if (ping()) {
        log.info("embedded Redis ready on 127.0.0.1:{} ({})", port, executable);
        return;
      }
      Thread.sleep(50);
    }
    throw new IOException("redis-server did not answer PING within 30 s: " + ServerProcess.tail(logFile));
  }

  private boolean ping() {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 200);
      s.setSoTimeout(500);
      OutputStream out = s.getOutputStream();
      out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = s.getInputStream();
      byte[] buf = new byte[7];
      int n = in.read(buf);
      return n > 0 && new String(buf, 0, n, StandardCharsets.US_ASCII).startsWith("+PONG");
    } catch (IOException e) {
      return false;
    }
  }

  /** Graceful stop (SIGTERM): Redis flushes its AOF before exiting. */
  public synchronized void stop() {
    if (process != null) {
      ServerProcess.stop(process.toHandle(), "TERM", 20_000);
      process = null;
    }
  }

  public boolean isRunning() {
    return process != null && process.isAlive();
  }

  public int port() {
    return port;
  }

  public String url() {
    return "redis://127.0.0.1:" + port;
  }

  public Path executable() {
    return executable;
  }

  @Override
  public void close() {
    stop();
    log.info("embedded Redis on port {} stopped", port);
  }
}
