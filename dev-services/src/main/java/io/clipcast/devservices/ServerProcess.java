package io.clipcast.devservices;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** Process plumbing shared by the embedded servers: start with a log file, stop, reap leftovers. */
final class ServerProcess {
  private ServerProcess() {}

  static boolean runningAsRoot() {
    return new com.sun.security.auth.module.UnixSystem().getUid() == 0;
  }

  /**
   * PostgreSQL refuses to run as root. As root we start it in a fresh user namespace ({@code unshare -U}):
   * inside it the process is uid 65534, so postgres is content, while the kernel still checks file access
   * as the real owner, so the data folder can stay where it is (even under a 0700 parent).
   */
  static List<String> unprivileged(List<String> command) {
    if (!runningAsRoot()) return command;
    List<String> wrapped = new ArrayList<>(List.of("unshare", "-U"));
    wrapped.addAll(command);
    return wrapped;
  }

  /**
   * Starts a server in its own session ({@code setsid}), so a Ctrl-C in the terminal reaches only the JVM,
   * which then stops the servers in order (after the node has closed its connections).
   */
  static Process start(List<String> command, Path log) throws IOException {
    Files.createDirectories(log.getParent());
    List<String> detached = new ArrayList<>(List.of("setsid"));
    detached.addAll(command);
    return new ProcessBuilder(detached)
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
        .start();
  }

  static void run(List<String> command, Path log, long timeoutSeconds) throws IOException, InterruptedException {
    Process p = start(command, log);
    if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IOException(String.join(" ", command) + " did not finish in " + timeoutSeconds + " s; see " + log);
    }
    if (p.exitValue() != 0) {
      throw new IOException(String.join(" ", command) + " failed (exit " + p.exitValue() + "): " + tail(log));
    }
  }

  /** Sends a signal by name (INT, TERM) and waits for the process to end, forcing it after the timeout. */
  static void stop(ProcessHandle process, String signal, long timeoutMs) {
    if (!process.isAlive()) return;
    try {
      new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid()))
          .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
      process.onExit().get(timeoutMs, TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      process.destroyForcibly();
    }
  }

  /** A process left by a JVM that was killed (its pid file names it): stop it before starting anew. */
  static void reapLeftover(Path pidFile, String expectedCommand, String signal) throws IOException {
    if (!Files.exists(pidFile)) return;
    List<String> lines = Files.readAllLines(pidFile, StandardCharsets.UTF_8);
    if (lines.isEmpty() || lines.get(0).isBlank()) return;
    long pid;
    try {
      pid = Long.parseLong(lines.get(0).trim());
    } catch (NumberFormatException e) {
      return;
    }
    Optional<ProcessHandle> h = ProcessHandle.of(pid);
    if (h.isPresent() && h.get().isAlive()
        && h.get().info().command().map(c -> c.contains(expectedCommand)).orElse(false)) {
      stop(h.get(), signal, 30_000);
    }
  }

  static boolean portOpen(int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 200);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  static String tail(Path log) {
    try {
      List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
    } catch (IOException e) {
      return "(no log at " + log + ")";
    }
  }
}
