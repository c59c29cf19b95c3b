package io.clipcast.bench.cluster;

import java.nio.file.Path;
import java.time.Duration;

/**
 * The knobs of one soak run; {@link #full} is bench/chaos/run.sh's, {@link #shortSoak} the test command's. Every value
 * can be overridden on the command line as {@code --name=value} ({@link ChaosSoak#main}).
 */
public final class SoakSettings {
  public Path workDir = Path.of("target/chaos");
  /** Publications to create (each request publishes one clip to all nine platforms, so this is rounded up to ×9). */
  public int publications = 10_000;
  /** Users; each has one account on every platform, so the per-account limits (TikTok 6 posts a minute) bound a run. */
  public int users = 60;
  /** How long the publishing phase lasts; the chaos runs for as long. */
  public Duration load = Duration.ofMinutes(10);
  /** After the publishing phase: how long every publication gets to end. */
  public Duration settle = Duration.ofMinutes(5);
  public int publishNodes = 3;
  public int publishVerticles = 2;
  public int publishConcurrency = 8;
  public long leaseMs = 15_000;
  public double faultRate = 0.10;
  /** How long a {@code hang} fault holds its answer (longer than the connectors' 30 s call timeout: a timeout). */
  public long hangMs = 35_000;
  public Duration killEvery = Duration.ofMinutes(1);
  public Duration restartAfter = Duration.ofSeconds(5);
  public Duration outage = Duration.ofSeconds(5);
  public long reconcileIntervalMs = 5_000;
  /** How long the sandbox takes to process an uploaded video. */
  public long processingMs = 300;
  /** How often the sandbox's Дзен importer fetches each feed. */
  public long feedIntervalMs = 5_000;
  public long seed = 14;
  /** How long an access token lives on the platforms whose tokens refresh (VK, YouTube, TikTok, LinkedIn). */
  public long tokenTtlSeconds = 60;
  /** publish.breakerResetSeconds: how long an open platform breaker holds its jobs back (30 s in conf/default.json). */
  public long breakerResetSeconds = 30;

  public static SoakSettings full() {
    return new SoakSettings();
  }

  /** Shorter and smaller: about 500 publications in about 3 minutes, the same chaos compressed. */
  public static SoakSettings shortSoak(Path workDir) {
    SoakSettings s = new SoakSettings();
    s.workDir = workDir;
    s.publications = 504;
    s.users = 14;
    s.load = Duration.ofSeconds(60);
    s.settle = Duration.ofSeconds(75);
    s.publishNodes = 2;
    s.publishVerticles = 1;
    s.publishConcurrency = 12;
    s.leaseMs = 10_000;
    s.hangMs = 8_000;
    s.killEvery = Duration.ofSeconds(20);
    s.restartAfter = Duration.ofSeconds(3);
    s.outage = Duration.ofSeconds(3);
    s.reconcileIntervalMs = 3_000;
    s.processingMs = 200;
    s.feedIntervalMs = 1_000;
    s.tokenTtlSeconds = 30;
    s.breakerResetSeconds = 10;
    return s;
  }

  /** Applies {@code --name=value} arguments. */
  public SoakSettings apply(String[] args) {
    for (String a : args) {
      if (!a.startsWith("--") || !a.contains("=")) throw new IllegalArgumentException("expected --name=value, got " + a);
      String name = a.substring(2, a.indexOf('='));
      String v = a.substring(a.indexOf('=') + 1);
      switch (name) {
        case "workDir" -> workDir = Path.of(v);
        case "publications" -> publications = Integer.parseInt(v);
        case "users" -> users = Integer.parseInt(v);
        case "loadSeconds" -> load = Duration.ofSeconds(Long.parseLong(v));
        case "settleSeconds" -> settle = Duration.ofSeconds(Long.parseLong(v));
        case "publishNodes" -> publishNodes = Integer.parseInt(v);
        case "publishVerticles" -> publishVerticles = Integer.parseInt(v);
        case "publishConcurrency" -> publishConcurrency = Integer.parseInt(v);
        case "leaseMs" -> leaseMs = Long.parseLong(v);
        case "faultRate" -> faultRate = Double.parseDouble(v);
        case "hangMs" -> hangMs = Long.parseLong(v);
        case "killEverySeconds" -> killEvery = Duration.ofSeconds(Long.parseLong(v));
        case "restartAfterSeconds" -> restartAfter = Duration.ofSeconds(Long.parseLong(v));
        case "outageSeconds" -> outage = Duration.ofSeconds(Long.parseLong(v));
        case "reconcileIntervalMs" -> reconcileIntervalMs = Long.parseLong(v);
        case "processingMs" -> processingMs = Long.parseLong(v);
        case "feedIntervalMs" -> feedIntervalMs = Long.parseLong(v);
        case "seed" -> seed = Long.parseLong(v);
        case "tokenTtlSeconds" -> tokenTtlSeconds = Long.parseLong(v);
        case "breakerResetSeconds" -> breakerResetSeconds = Long.parseLong(v);
        default -> throw new IllegalArgumentException("unknown setting " + name);
      }
    }
    return this;
  }

  public int requests() {
    return (publications + SoakAccounts.PLATFORMS.size() - 1) / SoakAccounts.PLATFORMS.size();
  }

  @Override
  public String toString() {
    return "publications=" + requests() * SoakAccounts.PLATFORMS.size() + " (" + requests() + " requests × 9 platforms), users=" + users
        + ", load=" + load.toSeconds() + " s, settle≤" + settle.toSeconds() + " s, publishNodes=" + publishNodes + " × " + publishVerticles
        + " verticles × concurrency " + publishConcurrency + ", leaseMs=" + leaseMs + ", faultRate=" + faultRate + ", hangMs=" + hangMs
        + ", kill -9 every " + killEvery.toSeconds() + " s (down " + restartAfter.toSeconds() + " s), Redis/Postgres down "
        + outage.toSeconds() + " s, reconcileIntervalMs=" + reconcileIntervalMs + ", processingMs=" + processingMs + ", tokenTtlSeconds=" + tokenTtlSeconds + ", breakerResetSeconds=" + breakerResetSeconds
        + ", seed=" + seed;
  }
}
