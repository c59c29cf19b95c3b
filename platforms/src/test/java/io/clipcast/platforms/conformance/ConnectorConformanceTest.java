package io.clipcast.platforms.conformance;

import io.clipcast.platforms.ErrorKind;
import io.clipcast.platforms.PlatformFailure;
import io.clipcast.platforms.PublishResult;
import io.clipcast.platforms.testing.TestPublishContext;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * One suite for every connector (and route) registered as a {@link ConformanceFixture}, each against its simulator over
 * real HTTP: a publish lands once byte-exact; a worker that dies after any checkpoint resumes to exactly one post; a
 * final step whose answer was lost is not posted twice; a token refused midway continues to one post after a refresh;
 * a permanent refusal fails with the platform's message; a rate limit is told as such; a post still processing ends
 * pending and is published on recheck. A case a platform cannot have is reported "not applicable: why".
 */
class ConnectorConformanceTest {
  private static final long AWAIT_S = 30;
  /** The longest deferral the cases wait out in place (fixtures give late-landing windows of a few seconds). */
  private static final long SHORT_DEFERRAL_MS = 10_000;
  private static final List<ConformanceFixture> FIXTURES = new ArrayList<>();

  @TempDir
  static Path dir;

  @AfterAll
  static void stop() throws Exception {
    for (ConformanceFixture fx : FIXTURES) fx.close();
  }

  @TestFactory
  List<DynamicNode> everyRegisteredConnector() {
    List<DynamicNode> platforms = new ArrayList<>();
    for (ConformanceFixture fx : ServiceLoader.load(ConformanceFixture.class)) {
      FIXTURES.add(fx);
      Started s = new Started(fx);
      platforms.add(DynamicContainer.dynamicContainer(fx.name(), List.of(
          test("publishes once, byte-exact" + ledgerNote(fx), s, () -> publishesOnce(s)),
          test("death after each checkpoint, then resume: exactly one post" + ledgerNote(fx), s, () -> deathAfterEachCheckpoint(s)),
          applies("a lost answer to the final step: no second post", s, fx.lostFinalAnswer(), rule -> lostFinalAnswer(s, rule)),
          applies("token refresh in the middle of an attempt", s, fx.expiredTokenMidway(), rule -> refreshMidway(s, rule)),
          applies("a permanent refusal: failed with the platform's message", s, fx.permanentRefusal(), r -> refusal(s, r)),
          applies("a rate limit: told as RATE_LIMITED, then one post", s, fx.rateLimit(), rule -> rateLimit(s, rule)),
          applies("a recheck of a processing post", s, fx.slowProcessing(), slow -> recheck(s, slow)))));
    }
    assertFalse(platforms.isEmpty(), "no connector is registered");
    return platforms;
  }

  // ---- the cases ----

  private void publishesOnce(Started s) throws Exception {
    TestPublishContext ctx = s.context("once");
    PublishResult r = untilLive(s.fx, ctx);
    onlyPost(s.fx, ctx, r);
    assertFalse(ctx.checkpoints.isEmpty(), "a connector saves its state before the platform step");
    s.checkpoints = ctx.checkpoints.size();
    System.out.println("conformance " + s.fx.name() + ": a clean publish saves " + s.checkpoints + " checkpoints");
  }

  private void deathAfterEachCheckpoint(Started s) throws Exception {
    if (s.checkpoints == 0) publishesOnce(s);
    List<String> problems = new ArrayList<>();
    for (int n = 1; n <= s.checkpoints; n++) {
      try {
        deathAfter(s, n);
      } catch (AssertionError | Exception e) {
        problems.add("after checkpoint " + n + ": " + e.getMessage());
      }
    }
    assertTrue(problems.isEmpty(), String.join("\n", problems));
  }

  private void deathAfter(Started s, int n) throws Exception {
    s.fx.reset();
    TestPublishContext ctx = s.context("death" + n);
    Future<Void> died = ctx.dieAfterCheckpoint(n);
    Future<PublishResult> first = null;
    for (int recheck = 0; recheck < 120 && !died.succeeded(); recheck++) {   // a pending attempt is rechecked, as the worker does
      first = s.fx.connector().publish(ctx);
      io.vertx.core.Promise<Void> either = io.vertx.core.Promise.promise();
      died.onComplete(ar -> either.tryComplete());
      first.onComplete(ar -> either.tryComplete());
      either.future().await(AWAIT_S, TimeUnit.SECONDS);
      if (died.succeeded() || first.failed() || !first.result().isPending()) break;
      Thread.sleep(250);
    }
    assertTrue(died.succeeded(), "the attempt ended before its checkpoint " + n + ": " + first);
    JsonObject saved = ctx.checkpoints.get(ctx.checkpoints.size() - 1);
    Applies<Boolean> expect = s.fx.resumesToOnePostAfterDeathAt(n, saved);
    ctx.nextAttempt();
    if (expect.applies()) {
      onlyPost(s.fx, ctx, untilLive(s.fx, ctx));
    } else {
      // declared: the platform cannot tell whether the step after this checkpoint went out, so the resume says so
      PlatformFailure f = failure(s.fx.connector().publish(ctx));
      assertEquals(ErrorKind.OUTCOME_UNKNOWN, f.kind(), expect.notApplicableBecause() + " / " + f.getMessage());
      assertTrue(s.fx.posts(ctx).size() <= 1, "never a second post");
    }
  }

  private void lostFinalAnswer(Started s, JsonObject rule) throws Exception {
    TestPublishContext ctx = s.context("lost");
    s.fx.fault(rule);
    settle(s.fx, ctx);
    ctx.nextAttempt();
    Throwable again = settle(s.fx, ctx);
    if (again != null) {
      PlatformFailure f = assertInstanceOf(PlatformFailure.class, again, String.valueOf(again));
      assertEquals(ErrorKind.OUTCOME_UNKNOWN, f.kind(), "a resume either finds the post or says it cannot tell: " + f.getMessage());
    }
    onlyPost(s.fx, ctx, null);
  }

  private void refreshMidway(Started s, JsonObject rule) throws Exception {
    TestPublishContext ctx = s.context("refresh");
    s.fx.fault(rule);
    PlatformFailure f = failureRechecking(s.fx, ctx);
    assertEquals(ErrorKind.AUTH, f.kind(), f.getMessage());
    assertFalse(ctx.checkpoints.isEmpty(), "the token was refused in the middle of the attempt, after a checkpoint");
    assertEquals(0, s.fx.posts(ctx).size());
    ctx.account(s.fx.renewed(ctx.account())).nextAttempt();
    onlyPost(s.fx, ctx, untilLive(s.fx, ctx));
  }

  private void refusal(Started s, ConformanceFixture.Refusal refusal) throws Exception {
    TestPublishContext ctx = s.context("refused");
    if (refusal.fault() != null) s.fx.fault(refusal.fault());
    refusal.setup().accept(ctx);
    Throwable e = settle(s.fx, ctx);
    PlatformFailure f = assertInstanceOf(PlatformFailure.class, e, String.valueOf(e));
    assertEquals(ErrorKind.PERMANENT, f.kind(), f.getMessage());
    assertTrue(f.getMessage().contains(refusal.platformMessage()), "the platform's message '" + refusal.platformMessage() + "' in: " + f.getMessage());
    assertEquals(0, s.fx.posts(ctx).size());
  }

  private void rateLimit(Started s, JsonObject rule) throws Exception {
    TestPublishContext ctx = s.context("limited");
    s.fx.fault(rule);
    PlatformFailure f = failureRechecking(s.fx, ctx);
    assertEquals(ErrorKind.RATE_LIMITED, f.kind(), f.getMessage());
    assertTrue(f.retryAfterMs() >= 0);
    // the job waits and tries again (without spending an attempt: the pipeline's part) until the limit lets it through
    for (int tries = 0; ; tries++) {
      ctx.nextAttempt();
      Throwable e = settle(s.fx, ctx);
      if (e == null) break;
      PlatformFailure again = assertInstanceOf(PlatformFailure.class, e, String.valueOf(e));
      assertEquals(ErrorKind.RATE_LIMITED, again.kind(), again.getMessage());
      assertTrue(tries < 20, "still rate-limited after 20 tries");
      Thread.sleep(Math.min(1000, again.retryAfterMs()));
    }
    onlyPost(s.fx, ctx, null);
  }

  private void recheck(Started s, Consumer<Boolean> slow) throws Exception {
    TestPublishContext ctx = s.context("recheck");
    slow.accept(true);
    PublishResult first;
    try {
      first = s.fx.connector().publish(ctx).await(AWAIT_S, TimeUnit.SECONDS);
    } finally {
      slow.accept(false);
    }
    assertTrue(first.isPending(), "still processing: pending, not " + first);
    PublishResult r = untilLive(s.fx, ctx);
    assertNotNull(r.externalId());
    onlyPost(s.fx, ctx, r);
  }

  // ---- helpers ----

  /** The fixture, started on first use, and what its first case learnt (how many checkpoints a clean publish saves). */
  private static final class Started {
    final ConformanceFixture fx;
    boolean started;
    int checkpoints;

    Started(ConformanceFixture fx) {
      this.fx = fx;
    }

    TestPublishContext context(String name) throws Exception {
      if (!started) {
        fx.start();
        started = true;
      }
      fx.reset();
      return fx.context(Files.createDirectories(dir.resolve(fx.name().replace('/', '-')).resolve(name + System.nanoTime())));
    }
  }

  private static DynamicTest test(String name, Started s, Executable body) {
    return DynamicTest.dynamicTest(name, body);
  }

  private interface CaseBody<T> {
    void run(T setting) throws Exception;
  }

  private static <T> DynamicTest applies(String name, Started s, Applies<T> applies, CaseBody<T> body) {
    if (!applies.applies()) {
      return DynamicTest.dynamicTest(name + " — not applicable: " + applies.notApplicableBecause(),
          () -> assertFalse(applies.notApplicableBecause().isBlank(), "a case that does not apply says why"));
    }
    return DynamicTest.dynamicTest(name, () -> body.run(applies.setting()));
  }

  /** Publishes and rechecks while pending, as the worker does, until the post is live. */
  private static PublishResult untilLive(ConformanceFixture fx, TestPublishContext ctx) throws Exception {
    for (int i = 0; i < 120; i++) {
      PublishResult r;
      try {
        r = fx.connector().publish(ctx).await(AWAIT_S, TimeUnit.SECONDS);
      } catch (PlatformFailure f) {
        // a short deferral (a create that may still land late) is waited out and run again, as the worker does
        if (f.kind() != ErrorKind.DEFERRED || f.retryAfterMs() > SHORT_DEFERRAL_MS) throw f;
        Thread.sleep(f.retryAfterMs());
        continue;
      }
      if (!r.isPending()) return r;
      Thread.sleep(250);
    }
    return fail("still pending after 120 rechecks");
  }

  /** Publishes (rechecking while pending) and returns how it failed, or null when it went live. */
  private static Throwable settle(ConformanceFixture fx, TestPublishContext ctx) {
    try {
      untilLive(fx, ctx);
      return null;
    } catch (AssertionError e) {
      throw e;
    } catch (Throwable e) {
      return e;
    }
  }

  /** Publishes, rechecking while pending, and returns the failure it must end in. */
  private static PlatformFailure failureRechecking(ConformanceFixture fx, TestPublishContext ctx) {
    Throwable e = settle(fx, ctx);
    assertNotNull(e, "expected a failure, the post went live");
    return assertInstanceOf(PlatformFailure.class, e, String.valueOf(e));
  }

  private static PlatformFailure failure(Future<?> f) {
    Throwable e = null;
    try {
      f.await(AWAIT_S, TimeUnit.SECONDS);
    } catch (Throwable t) {
      e = t;
    }
    assertNotNull(e, "expected a failure, got " + f.result());
    return assertInstanceOf(PlatformFailure.class, e, String.valueOf(e));
  }

  /**
   * The one post of the context's account, byte-exact with its clip, and the one {@code result} names (null: any). A
   * platform whose posts do not reach the ledger at connector level is held to the result naming the publication.
   */
  private static void onlyPost(ConformanceFixture fx, TestPublishContext ctx, PublishResult result) throws Exception {
    if (!fx.postsReachTheLedger().applies()) {
      assertNotNull(result, "published");
      assertNotNull(result.externalId());
      return;
    }
    List<JsonObject> posts = fx.posts(ctx);
    for (int i = 0; i < 50 && posts.isEmpty(); i++) {   // a platform that processes after answering lists the post a little later
      Thread.sleep(100);
      posts = fx.posts(ctx);
    }
    assertEquals(1, posts.size(), posts.toString());
    JsonObject post = posts.get(0);
    assertEquals(ctx.sha256(), post.getString("sha256"), "byte-exact");
    assertEquals(ctx.clip().sizeBytes(), post.getLong("bytes"), "byte-exact");
    if (result != null) assertEquals(result.externalId(), post.getString("externalId"), post.encode());
  }

  private static String ledgerNote(ConformanceFixture fx) {
    Applies<Boolean> ledger = fx.postsReachTheLedger();
    return ledger.applies() ? "" : " (the ledger check is not applicable: " + ledger.notApplicableBecause() + ")";
  }
}
