package io.clipcast.bench.cluster;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The short chaos soak (bench/chaos/README.md): about 500 publications over all nine platforms in about three minutes,
 * with real processes (Postgres, Redis, the sandbox, an API node, two publish nodes), 10 % of the platform calls faulted,
 * a publish node killed with kill -9 every 25 s, Redis restarted and flushed, Postgres restarted. Same verdict as the
 * full soak: every publication ends with a reason, none lost, none posted twice, {@code unknown} only on Telegram.
 */
class ShortSoakTest {
  @Test
  @Timeout(value = 210, unit = TimeUnit.SECONDS)
  void fiveHundredPublicationsUnderChaosEndOnceWithAReason() throws Exception {
    Path work = Path.of("target/short-soak");
    if (Files.exists(work)) {
      // a fresh database and Redis: the verdict's SQL counts every publication there
      try (Stream<Path> old = Files.walk(work)) {
        old.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
      }
    }
    SoakSettings settings = SoakSettings.shortSoak(work);
    ChaosSoak.Result r = new ChaosSoak(settings).run();

    assertNull(r.chaosFailure(), "the chaos itself must have happened: " + r.events());
    assertTrue(r.events().stream().anyMatch(e -> e.contains("kill -9")), "a publish node was killed: " + r.events());
    assertTrue(r.events().stream().anyMatch(e -> e.contains("Redis started again")), r.events().toString());
    assertTrue(r.events().stream().anyMatch(e -> e.contains("Redis flushed")), r.events().toString());
    assertTrue(r.events().stream().anyMatch(e -> e.contains("Postgres started again")), r.events().toString());
    assertEquals(0, r.refusedRequests(), "every publish request was accepted in the end");
    assertEquals(0, r.internalErrors(), "no publish request was answered 500, not even while Postgres or Redis was down (503)");
    int created = r.verdict().rows().values().stream().mapToInt(SoakVerdict.Tally::created).sum();
    assertEquals(settings.requests() * SoakAccounts.PLATFORMS.size(), created, "every target became a publication");
    assertTrue(r.verdict().passed(), r.verdict().table() + String.join("\n", r.verdict().breaches()));
    // 10 % of calls faulted ends a few publications failed, never most of one platform's
    for (SoakVerdict.Tally t : r.verdict().rows().values()) {
      assertTrue(t.published() >= t.created() * 0.7, "most publications go out on every platform: " + r.verdict().table());
    }
  }
}
