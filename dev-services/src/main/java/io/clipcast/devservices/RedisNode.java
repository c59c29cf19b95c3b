package io.clipcast.devservices;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One redis-server process of a test topology (cluster node, primary, replica or sentinel) on 127.0.0.1, in its own
 * folder. Can be killed the hard way ({@code kill -9}) or frozen ({@code SIGSTOP}) to play a crash or a lagging link.
 */
public final class RedisNode implements AutoCloseable {
  private final int port;
  private final Path dir;
  private final Process process;

  private RedisNode(int port, Path dir, Process process) {
    this.port = port;
    this.dir = dir;
    this.process = process;
  }

  /** A data node (no persistence: these topologies live for one test) with {@code extraArgs}. */
  static RedisNode data(Path executable, Path dir, int port, List<String> extraArgs) throws IOException, InterruptedException {
    List<String> args = new ArrayList<>(List.of("--save", "", "--appendonly", "no"));
    args.addAll(extraArgs);
    return start(executable, dir, port, null, args);
  }

  /** Starts {@code redis-server [configFile] --port … extraArgs} and waits until it answers PING. */
  static RedisNode start(Path executable, Path dir, int port, Path configFile, List<String> extraArgs) throws IOException, InterruptedException {
    Files.createDirectories(dir);
    List<String> cmd = new ArrayList<>(List.of(executable.toString()));
    if (configFile != null) cmd.add(configFile.toString());
    cmd.addAll(List.of("--port", Integer.toString(port), "--bind", "127.0.0.1", "--protected-mode", "no",
        "--dir", dir.toString(), "--daemonize", "no"));
    cmd.addAll(extraArgs);
    Path log = dir.resolve("redis.log");
    RedisNode node = new RedisNode(port, dir, ServerProcess.start(cmd, log));
    long deadline = System.nanoTime() + 20_000_000_000L;
    while (System.nanoTime() < deadline) {
      if (!node.process.isAlive()) throw new IOException("redis-server on " + port + " exited: " + ServerProcess.tail(log));
      try {
        if ("PONG".equals(Resp.once(port, "PING"))) return node;
      } catch (IOException notYet) {
        // still starting
      }
      Thread.sleep(30);
    }
    node.close();
    throw new IOException("redis-server on " + port + " did not answer PING: " + ServerProcess.tail(log));
  }

  public int port() {
    return port;
  }

  public String url() {
    return "redis://127.0.0.1:" + port;
  }

  public Path dir() {
    return dir;
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  public Object call(String... args) throws IOException {
    return Resp.once(port, args);
  }

  /** A crash: SIGKILL, nothing flushed, connections reset. */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor();
  }

  /** Freezes the process (SIGSTOP): it answers nothing, replicates nothing, until {@link #resume()}. */
  public void freeze() throws IOException, InterruptedException {
    signal("STOP");
  }

  public void resume() throws IOException, InterruptedException {
    signal("CONT");
  }

  private void signal(String name) throws IOException, InterruptedException {
    new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).inheritIO().start().waitFor();
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      try {
        resume();
      } catch (Exception ignored) {
        // best effort: a frozen process cannot take SIGTERM
      }
      ServerProcess.stop(process.toHandle(), "TERM", 5_000);
    }
  }
}
