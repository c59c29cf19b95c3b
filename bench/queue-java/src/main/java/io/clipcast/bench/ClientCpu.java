package io.clipcast.bench;

import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The bench JVM's own CPU time over the drain: on a shared machine jobs/s moves with whatever else runs, while CPU
 * time per job is what the client spends whatever it waited for. Whole process, and by thread from
 * {@code /proc/self/task} (Linux; elsewhere only the total), so the JIT compiler and GC threads, which the JVM's
 * thread bean does not list, show up beside the event loops where the claim/ack path runs. Thread names lose their
 * digits, so a pool is one row.
 */
final class ClientCpu {
  private static final Path TASKS = Path.of("/proc/self/task");
  /** Clock ticks per second of /proc's utime and stime (USER_HZ, 100 on Linux). */
  private static final long TICKS_PER_SECOND = 100;

  private final long startNs = System.nanoTime();
  private final long processStartNs;
  private final Map<String, Long> threadStartTicks;

  private ClientCpu(long processStartNs, Map<String, Long> threadStartTicks) {
    this.processStartNs = processStartNs;
    this.threadStartTicks = threadStartTicks;
  }

  static ClientCpu start() {
    return new ClientCpu(processCpuNs(), threadTicks(new HashMap<>()));
  }

  /** The window's CPU: totals in ms, µs per job, and ms by thread name; {@code jobs} = jobs drained in it. */
  JsonObject stop(int jobs) {
    long process = processCpuNs() - processStartNs;
    Map<String, String> names = new HashMap<>();
    Map<String, Long> byName = new TreeMap<>();
    for (Map.Entry<String, Long> e : threadTicks(names).entrySet()) {
      long spent = e.getValue() - threadStartTicks.getOrDefault(e.getKey(), 0L);
      if (spent > 0) byName.merge(names.get(e.getKey()).replaceAll("[0-9]+", "#"), spent * 1000 / TICKS_PER_SECOND, Long::sum);
    }
    long loops = byName.getOrDefault("vert.x-eventloo", 0L);
    JsonObject threads = new JsonObject();
    byName.forEach(threads::put);
    double per = Math.max(1, jobs) * 1000.0;
    return new JsonObject()
        .put("windowMs", (System.nanoTime() - startNs) / 1_000_000)
        .put("processMs", process / 1_000_000)
        .put("processUsPerJob", Math.round(process / per * 10) / 10.0)
        .put("eventLoopsUsPerJob", Math.round(loops * 1_000_000 / per * 10) / 10.0)
        .put("threadsMs", threads);
  }

  private static long processCpuNs() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
  }

  /** utime + stime in clock ticks of every thread of this process, by thread id; fills {@code names} (comm). */
  private static Map<String, Long> threadTicks(Map<String, String> names) {
    Map<String, Long> ticks = new HashMap<>();
    if (!Files.isDirectory(TASKS)) return ticks;
    try (Stream<Path> tasks = Files.list(TASKS)) {
      for (Path task : (Iterable<Path>) tasks::iterator) {
        try {
          String stat = Files.readString(task.resolve("stat"));
          // "tid (comm) state ppid …": the fields after the comm's closing parenthesis; utime and stime are 14th and 15th
          String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
          String tid = task.getFileName().toString();
          ticks.put(tid, Long.parseLong(f[11]) + Long.parseLong(f[12]));
          names.put(tid, stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')')));
        } catch (IOException | RuntimeException e) {
          // the thread ended between the listing and the read: it is left out
        }
      }
    } catch (IOException e) {
      return ticks;
    }
    return ticks;
  }
}
