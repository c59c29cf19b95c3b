package io.clipcast.bench.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A process's resident memory, read from Linux's /proc/pid/status. */
public final class Rss {
  private Rss() {}

  /** {@code VmRSS} in KiB; 0 when the process is gone or /proc is not there. */
  public static long kb(long pid) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
        if (line.startsWith("VmRSS:")) return Long.parseLong(line.substring(6).trim().split("\\s+")[0]);
      }
    } catch (IOException | RuntimeException e) {
      return 0;
    }
    return 0;
  }
}
