package io.clipcast.bench.cluster;

import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One Clipcast node as its own OS process ({@code io.clipcast.launcher.Main run --config <file>}), restartable with the
 * same config, id and ports: a restarted publish node is the same member coming back, as after a crash on a VPS.
 */
public final class NodeProcess {
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private final String id;
  private final Path dir;
  private final Path configFile;
  private final Path classpathPrefix;
  private final int httpPort;
  private final int opsPort;
  private ChildProcess process;
  private int starts;

  NodeProcess(String id, Path dir, JsonObject config, Path classpathPrefix) throws IOException {
    this.id = id;
    this.dir = dir;
    this.classpathPrefix = classpathPrefix;
    this.httpPort = config.getJsonObject("http").getInteger("port");
    this.opsPort = config.getJsonObject("ops").getInteger("port");
    Files.createDirectories(dir);
    this.configFile = dir.resolve("config.json");
    Files.writeString(configFile, config.encodePrettily());
  }

  public String id() {
    return id;
  }

  public int httpPort() {
    return httpPort;
  }

  public int opsPort() {
    return opsPort;
  }

  public Path configFile() {
    return configFile;
  }

  /** The current process (null before the first start). */
  public synchronized ChildProcess process() {
    return process;
  }

  public synchronized boolean isAlive() {
    return process != null && process.isAlive();
  }

  /** pid of the current process; -1 when not running. */
  public synchronized long pid() {
    return isAlive() ? process.pid() : -1;
  }

  public long rssKb() {
    long pid = pid();
    return pid < 0 ? 0 : Rss.kb(pid);
  }

  /** Starts the process (again); does not wait for readiness. */
  public synchronized void start() throws IOException {
    if (isAlive()) throw new IllegalStateException(id + " is already running (pid " + process.pid() + ")");
    starts++;
    process = ChildProcess.start("io.clipcast.launcher.Main", dir, dir.resolve("node.log"), classpathPrefix, Map.of(), List.of(),
        "run", "--config", configFile.toString());
  }

  /** How many times this node was started. */
  public synchronized int starts() {
    return starts;
  }

  /** Waits until the ops port's {@code /ready} answers 200; fails early if the process exits. */
  public void awaitReady(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    HttpRequest ready = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + opsPort + "/ready")).timeout(Duration.ofSeconds(5)).build();
    while (System.nanoTime() < deadline) {
      ChildProcess p = process();
      if (p == null || !p.isAlive()) {
        throw new IllegalStateException(id + " exited before it was ready:\n" + (p == null ? "" : p.tail(4000)));
      }
      try {
        if (HTTP.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) return;
      } catch (IOException e) {
        // not listening yet
      }
      Thread.sleep(200);
    }
    throw new IllegalStateException(id + " not ready within " + timeout + ":\n" + process().tail(4000));
  }

  /** kill -9. */
  public void kill9() throws InterruptedException {
    ChildProcess p = process();
    if (p != null) p.kill9();
  }

  /** SIGTERM and wait (graceful stop); returns the exit code, -1 when it had to be killed after {@code timeoutSeconds}. */
  public int terminate(long timeoutSeconds) throws InterruptedException {
    ChildProcess p = process();
    return p == null ? 0 : p.terminate(timeoutSeconds);
  }

  /** Starts the node again (after kill9/terminate) and waits for readiness. */
  public void restart(Duration readyTimeout) throws IOException, InterruptedException {
    if (isAlive()) kill9();
    start();
    awaitReady(readyTimeout);
  }

  @Override
  public String toString() {
    return id + (isAlive() ? " (pid " + pid() + ")" : " (stopped)");
  }
}
