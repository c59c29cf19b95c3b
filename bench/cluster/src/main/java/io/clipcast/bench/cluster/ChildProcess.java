package io.clipcast.bench.cluster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One child JVM (a Clipcast node or the sandbox) on this process's classpath, small (-Xmx256m, serial GC, C1 only, as
 * launcher/src/test/java/io/clipcast/launcher/ChildJvm.java), its output appended to a log file.
 */
public final class ChildProcess {
  private final Process process;
  private final Path log;

  private ChildProcess(Process process, Path log) {
    this.process = process;
    this.log = log;
  }

  /**
   * Starts {@code mainClass} with {@code args}; {@code classpathPrefix} (may be null) goes before the inherited
   * classpath, so files there (e.g. conf/platforms/*.json) win over the shipped ones.
   */
  public static ChildProcess start(String mainClass, Path workDir, Path log, Path classpathPrefix, Map<String, String> env,
                                   List<String> jvmArgs, String... args) throws IOException {
    String cp = System.getProperty("java.class.path");
    if (classpathPrefix != null) cp = classpathPrefix + java.io.File.pathSeparator + cp;
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xss512k"));
    cmd.addAll(jvmArgs);
    cmd.addAll(List.of("-cp", cp, mainClass));
    cmd.addAll(List.of(args));
    Files.createDirectories(workDir);
    Files.createDirectories(log.getParent());
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(workDir.toFile()).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    pb.environment().keySet().removeIf(k -> k.startsWith("CLIPCAST_"));
    pb.environment().putAll(env);
    return new ChildProcess(pb.start(), log);
  }

  public long pid() {
    return process.pid();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  public Path log() {
    return log;
  }

  /** The last {@code chars} characters of the log, for error messages. */
  public String tail(int chars) {
    try {
      String s = Files.readString(log, StandardCharsets.UTF_8);
      return s.length() <= chars ? s : s.substring(s.length() - chars);
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  /** Resident set size in KiB ({@code VmRSS} of /proc/pid/status); 0 once the process is gone. */
  public long rssKb() {
    return Rss.kb(process.pid());
  }

  /** kill -9: no shutdown hooks, no goodbye to the cluster. Waits until the process is gone. */
  public void kill9() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }

  /** SIGTERM, as `docker stop` sends; waits up to {@code timeoutSeconds}, then kill -9. Returns the exit code (-1 = killed). */
  public int terminate(long timeoutSeconds) throws InterruptedException {
    process.destroy();
    if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
      kill9();
      return -1;
    }
    return process.exitValue();
  }

  /** Waits for the process to exit by itself. */
  public boolean waitFor(long timeoutSeconds) throws InterruptedException {
    return process.waitFor(timeoutSeconds, TimeUnit.SECONDS);
  }
}
