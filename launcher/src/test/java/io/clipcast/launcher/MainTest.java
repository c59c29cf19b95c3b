package io.clipcast.launcher;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The command line as ops meet it: bad config stops start-up with one clear line, never a stack trace. */
class MainTest {
  @TempDir
  Path dir;

  @Test
  void unknownKeyInConfigFileExitsWithTwoAndNamesTheKey() throws Exception {
    Path bad = dir.resolve("bad.json");
    Files.writeString(bad, "{\"verticles\":{\"publsh\":4}}");
    try (ChildJvm jvm = ChildJvm.start(dir.resolve("w"), Map.of(), "run", "--config", bad.toString())) {
      assertTrue(jvm.process.waitFor(60, TimeUnit.SECONDS));
      assertEquals(2, jvm.process.exitValue());
      String out = jvm.output();
      assertTrue(out.contains("config error") && out.contains("'verticles.publsh'"), out);
      assertFalse(out.contains("\tat ") || out.contains("Exception"), "no stack trace:\n" + out);
    }
  }

  @Test
  void anEnabledPlatformWithoutRulesExitsWithTwoAndNamesTheKey() {
    Result r = run(Map.of("CLIPCAST_PLATFORMS_ENABLED", "vk,myspace"), "run");
    assertEquals(2, r.code);
    assertTrue(r.err.contains("config error") && r.err.contains("'platforms.enabled'") && r.err.contains("myspace"), r.err);
    assertEquals(1, r.err.strip().lines().count(), "one line:\n" + r.err);
  }

  @Test
  void unknownEnvVariableExitsWithTwoAndNamesIt() {
    Result r = run(Map.of("CLIPCAST_HTTP_PROT", "1"), "run");
    assertEquals(2, r.code);
    assertTrue(r.err.contains("CLIPCAST_HTTP_PROT"), r.err);
  }

  @Test
  void configFileFromEnvironmentIsRead() throws Exception {
    Path bad = dir.resolve("typo.json");
    Files.writeString(bad, "{\"http\":{\"port\":\"eighty\"}}");
    Result r = run(Map.of("CLIPCAST_CONFIG", bad.toString()), "run");
    assertEquals(2, r.code);
    assertTrue(r.err.contains("'http.port'") && r.err.contains("whole number"), r.err);
  }

  @Test
  void unknownArgumentPrintsUsage() {
    Result r = run(Map.of(), "--verbose");
    assertEquals(2, r.code);
    assertTrue(r.err.contains("unknown argument '--verbose'") && r.err.contains("usage:"), r.err);
  }

  @Test
  void envCommandListsEveryVariable() {
    Result r = run(Map.of(), "env");
    assertEquals(0, r.code);
    assertTrue(r.out.contains("CLIPCAST_DB_POOL_MAX_SIZE\tdb.pool.maxSize\t8"), r.out);
    assertTrue(r.out.contains("CLIPCAST_VERTICLES_PUBLISH\tverticles.publish\t2"), r.out);
  }

  @Test
  void unreachableDatabaseFailsStartWithAMessage() {
    Result r = run(Map.of("CLIPCAST_DB_PORT", "1", "CLIPCAST_DB_CONNECT_RETRIES", "0", "CLIPCAST_HTTP_PORT", "0"), "run");
    assertEquals(1, r.code);
    assertTrue(r.err.startsWith("clipcast: could not start:") && r.err.contains("127.0.0.1:1"), r.err);
    assertFalse(r.err.contains("\tat "), "no stack trace:\n" + r.err);
  }

  @Test
  void devOnTheProductionJarSaysWhereDevModeIs() {
    Result r = run(Map.of(), "dev");
    assertEquals(2, r.code);
    assertTrue(r.err.contains("dev mode is not in this production jar") && r.err.contains("clipcast-dev.jar")
        && r.err.contains("./clipcast dev"), r.err);
    assertFalse(r.err.contains("\tat "), "no stack trace:\n" + r.err);
  }

  @Test
  void sandboxEnabledOnTheProductionJarFailsStartWithAMessage() {
    Result r = run(Map.of("CLIPCAST_SANDBOX_ENABLED", "true", "CLIPCAST_HTTP_PORT", "0"), "run");
    assertEquals(1, r.code);
    assertTrue(r.err.contains("sandbox.enabled") && r.err.contains("clipcast-dev.jar"), r.err);
  }

  /**
   * {@code check-apps}: one approved app (YouTube, declared verified), one unapproved (VK, granted no rights: it cannot
   * publish) and one limited (TikTok, not audited: it publishes privately).
   */
  @Test
  void checkAppsSaysWhatEachAppLacksAndExitsThreeWhenOneIsNotReady() throws Exception {
    Path conf = dir.resolve("apps.json");
    Files.writeString(conf, "{\"platforms\":{\"enabled\":[\"youtube\",\"tiktok\",\"telegram\",\"vk\"]},\"oauth\":{\"clients\":{"
        + "\"youtube\":{\"clientId\":\"yt\",\"clientSecret\":\"s\",\"audited\":true},"
        + "\"vk\":{\"clientId\":\"51000009\",\"approvedRights\":[]},"
        + "\"tiktok\":{\"clientId\":\"tt\",\"clientSecret\":\"s\",\"audited\":false}}}}");
    Result r = run(Map.of(), "check-apps", "--config", conf.toString());
    assertEquals(3, r.code, r.out + r.err);
    assertTrue(r.out.lines().anyMatch(l -> l.matches("\\s+youtube\\s+oauth\\s+ready")), r.out);
    assertTrue(r.out.lines().anyMatch(l -> l.matches("\\s+telegram\\s+credentials\\s+ready")), r.out);
    assertTrue(r.out.lines().anyMatch(l -> l.matches("\\s+vk\\s+oauth\\s+NOT READY")), r.out);
    assertTrue(r.out.contains("scope (oauth.clients.vk.approvedRights)") && r.out.contains("docs/platforms/vk.md"), r.out);
    assertTrue(r.out.lines().anyMatch(l -> l.matches("\\s+tiktok\\s+oauth\\s+ready, limited")), r.out);
    assertTrue(r.out.contains("optional review (oauth.clients.tiktok.audited)") && r.out.contains("docs/platforms/tiktok.md"), r.out);

    Files.writeString(conf, "{\"platforms\":{\"enabled\":[\"youtube\",\"telegram\"]},\"oauth\":{\"clients\":{"
        + "\"youtube\":{\"clientId\":\"yt\",\"clientSecret\":\"s\",\"audited\":true}}}}");
    Result ready = run(Map.of(), "check-apps", "--config", conf.toString());
    assertEquals(0, ready.code, ready.out + ready.err);
    assertTrue(ready.out.contains("Every platform app is ready."), ready.out);
  }

  private record Result(int code, String out, String err) {}

  private static Result run(Map<String, String> env, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = Main.run(args, env, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }
}
