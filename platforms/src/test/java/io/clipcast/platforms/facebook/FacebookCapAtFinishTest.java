package io.clipcast.platforms.facebook;

import io.clipcast.platforms.ConnectedAccount;
import io.clipcast.platforms.ErrorKind;
import io.clipcast.platforms.PlatformFailure;
import io.clipcast.platforms.PublishResult;
import io.clipcast.platforms.meta.MetaFixture;
import io.clipcast.platforms.testing.TestPublishContext;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Meta enforces the 30 reels / 24 h cap when a reel is published, i.e. at {@code upload_phase=finish}
 * (docs/platforms/facebook.md), and so does the sandbox: a reel that meets the cap at finish is deferred like one that
 * meets it at start, its bytes kept, and the next attempt finishes the same reel.
 */
class FacebookCapAtFinishTest {
  private static final String APP = "710000000000002";
  private static final FacebookConnector connector = new FacebookConnector(MetaFixture.FAST);
  private static MetaFixture fx;
  private static Path clip;

  @TempDir
  static Path files;
  @TempDir
  Path store;

  @BeforeAll
  static void start() throws Exception {
    fx = new MetaFixture("facebook", connector, APP, "sandbox-facebook-secret");
    byte[] bytes = new byte[1024 * 1024 + 7];
    new Random(9).nextBytes(bytes);
    clip = files.resolve("reel.mp4");
    Files.write(clip, bytes);
  }

  @AfterAll
  static void stop() throws Exception {
    fx.control("/api", new JsonObject().put("reelsPerPagePerDay", 30));
    fx.close();
  }

  private static PublishResult settle(TestPublishContext ctx, PublishResult r) throws Exception {
    for (int i = 0; r.isPending() && i < 40; i++) {
      Thread.sleep(100);
      r = connector.publish(ctx).await(20, TimeUnit.SECONDS);
    }
    return r;
  }

  @Test
  void theCapAtFinishDefersKeepsTheUploadAndTheNextAttemptFinishes() throws Exception {
    fx.control("/api", new JsonObject().put("processingMs", 150).put("reelsPerPagePerDay", 1));
    String user = "1" + System.nanoTime() % 1_000_000_000L;
    String pageId = "5" + System.nanoTime() % 1_000_000_000L;
    fx.signInAs(new JsonObject().put("id", user).put("pages", new JsonArray().add(new JsonObject().put("id", pageId).put("name", "Capped"))), null);
    String token = fx.tokens(user, APP).getJsonObject("pages").getString(pageId);
    ConnectedAccount acc = new ConnectedAccount(pageId, "Capped", null, token, null, null, List.of(FacebookConnector.SCOPES.split(",")),
        new JsonObject().put("pageId", pageId));
    TestPublishContext first = new TestPublishContext(fx.vertx, acc, store.resolve("a"), clip, "the day's one reel", "A reel", null);
    settle(first, connector.publish(first).await(20, TimeUnit.SECONDS));
    assertEquals(1, fx.ledgerOf(pageId).size());

    TestPublishContext ctx = new TestPublishContext(fx.vertx, acc, store.resolve("b"), clip, "capped at finish", "A reel", null);
    Throwable e = assertThrows(Throwable.class, () -> connector.publish(ctx).await(20, TimeUnit.SECONDS));
    PlatformFailure f = assertInstanceOf(PlatformFailure.class, e, String.valueOf(e));
    assertEquals(ErrorKind.DEFERRED, f.kind(), f.getMessage());
    assertEquals("9", f.platformCode());
    assertTrue(f.getMessage().startsWith("Facebook allows 30 reels per Page in 24 hours and Capped has reached it; publishing at "), f.getMessage());
    assertTrue(f.retryAfterMs() > Duration.ofHours(23).toMillis() && f.retryAfterMs() <= Duration.ofHours(24).plusMinutes(2).toMillis(),
        "until the reel started a moment ago leaves the window: " + f.retryAfterMs());
    JsonObject saved = ctx.uploadState();
    assertTrue(saved.getString("videoId") != null && saved.getBoolean("uploaded"), "the cap met the finish, after the upload: " + saved);
    assertNull(saved.getValue("finishRequestedAt"), "a refused finish did not arrive, so the next attempt sends it again: " + saved);
    assertEquals(1, fx.ledgerOf(pageId).size(), "nothing more was published");

    fx.control("/api", new JsonObject().put("reelsPerPagePerDay", 2));   // the window has room again
    PublishResult r = settle(ctx, connector.publish(ctx.nextAttempt()).await(20, TimeUnit.SECONDS));
    assertEquals("https://www.facebook.com/reel/" + r.externalId(), r.url());
    assertEquals(saved.getString("videoId"), r.externalId(), "the same reel was finished");
    List<JsonObject> posts = fx.ledgerOf(pageId);
    assertEquals(2, posts.size(), posts.toString());
    assertEquals(ctx.sha256(), posts.get(1).getString("sha256"));
    assertEquals(1, ctx.checkpoints.stream().filter(c -> c.getString("videoId") != null).map(c -> c.getString("videoId")).distinct().count(),
        "no second reel was started");
  }
}
