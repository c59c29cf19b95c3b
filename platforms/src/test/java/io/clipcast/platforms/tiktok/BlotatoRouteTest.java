package io.clipcast.platforms.tiktok;

import io.clipcast.platforms.ConnectedAccount;
import io.clipcast.platforms.CredentialsRejected;
import io.clipcast.platforms.ErrorKind;
import io.clipcast.platforms.PlatformFailure;
import io.clipcast.platforms.PublishResult;
import io.clipcast.platforms.testing.TestPublishContext;
import io.vertx.core.Future;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Blotato route against its simulator: connect by accountId, publish and poll, a lost submit, a failed post. */
class BlotatoRouteTest {
  private static final Path CLIP = Path.of("../common/src/test/resources/media/portrait_h264_aac_faststart.mp4");
  private static TikTokSandboxFixture fx;
  private static TikTokConnector blotato;
  private static HttpServer media;

  @TempDir
  Path store;

  @BeforeAll
  static void start() {
    fx = new TikTokSandboxFixture();
    blotato = fx.connector(new JsonObject().put("route", "blotato").put("blotatoApiKey", "sandbox-blotato-key"));
    media = fx.vertx.createHttpServer().requestHandler(req -> req.response().putHeader("Content-Type", "video/mp4").sendFile(CLIP.toString()))
        .listen(0, "127.0.0.1").await();
  }

  @AfterAll
  static void stop() throws Exception {
    fx.close();
  }

  @BeforeEach
  void reset() {
    fx.clear();
    fx.control("/blotato/_sandbox/settings", new JsonObject().put("processingMs", 100));
  }

  private static <T> Throwable failure(Future<T> f) {
    return assertThrows(Throwable.class, () -> f.await(30, TimeUnit.SECONDS));
  }

  private TestPublishContext context(ConnectedAccount a) throws Exception {
    return new TestPublishContext(fx.vertx, a, store, CLIP, "via Blotato #fyp", null, "http://127.0.0.1:" + media.actualPort() + "/m.mp4");
  }

  @Test
  void anAccountConnectsByItsBlotatoIdAndAPostGoesOutOnce() throws Exception {
    assertTrue(blotato.tokenSignIn().isPresent() && blotato.oauth().isEmpty(), "Blotato accounts connect by id, not by signing in");
    Throwable unknown = failure(blotato.tokenSignIn().orElseThrow().validateCredentials(new JsonObject().put("accountId", "404")));
    assertEquals("credentials.accountId", assertInstanceOf(CredentialsRejected.class, unknown).field());
    ConnectedAccount a = blotato.tokenSignIn().orElseThrow().validateCredentials(new JsonObject().put("accountId", "98432")).await(10, TimeUnit.SECONDS);
    assertEquals("98432", a.externalAccountId());
    assertEquals("Clipcast Creator", a.displayName());

    TestPublishContext ctx = context(a).options(new JsonObject().put("privacy", "friends").put("disableComment", true));
    PublishResult r = blotato.publish(ctx).await(30, TimeUnit.SECONDS);
    assertTrue(r.url().startsWith("https://www.tiktok.com/@clipcast.creator/video/"), r.url());
    assertTrue(ctx.checkpoints.get(0).containsKey("submitRequestedAt"), "intent saved before the submit");
    List<JsonObject> posts = fx.ledger(null);
    assertEquals(1, posts.size());
    assertEquals(ctx.sha256(), posts.get(0).getString("sha256"));
    JsonObject target = posts.get(0).getJsonObject("extra").getJsonObject("target");
    assertEquals("MUTUAL_FOLLOW_FRIENDS", target.getString("privacyLevel"));
    assertEquals(true, target.getBoolean("disabledComments"));
    assertTrue(blotato.statsReader().isEmpty(), "Blotato offers no post statistics");
  }

  @Test
  void aSubmitWhoseAnswerWasLostEndsUnknownAndIsNeverSentTwice() throws Exception {
    ConnectedAccount a = blotato.tokenSignIn().orElseThrow().validateCredentials(new JsonObject().put("accountId", "98432")).await(10, TimeUnit.SECONDS);
    fx.fault(new JsonObject().put("platform", "blotato").put("kind", "lost_response").put("match", "posts.create"));
    TestPublishContext ctx = context(a);
    PlatformFailure lost = assertInstanceOf(PlatformFailure.class, failure(blotato.publish(ctx)));
    assertEquals(ErrorKind.OUTCOME_UNKNOWN, lost.kind());
    PlatformFailure again = assertInstanceOf(PlatformFailure.class, failure(blotato.publish(ctx.nextAttempt())));
    assertEquals(ErrorKind.OUTCOME_UNKNOWN, again.kind(), "no second submit");
    Thread.sleep(400);
    assertEquals(1, fx.ledger(null).size(), "Blotato made the one post it got");
  }

  @Test
  void aPostBlotatoCouldNotPublishSaysWhy() throws Exception {
    ConnectedAccount a = blotato.tokenSignIn().orElseThrow().validateCredentials(new JsonObject().put("accountId", "98432")).await(10, TimeUnit.SECONDS);
    fx.fault(new JsonObject().put("platform", "blotato").put("kind", "processing_failure").put("match", "posts.create"));
    PlatformFailure f = assertInstanceOf(PlatformFailure.class, failure(blotato.publish(context(a))));
    assertEquals(ErrorKind.PERMANENT, f.kind());
    assertTrue(f.getMessage().contains("file_format_check_failed"), f.getMessage());
    fx.fault(new JsonObject().put("platform", "blotato").put("kind", "rate_limit").put("match", "posts.create").put("retryAfterSeconds", 3));
    TestPublishContext limited = context(a);
    PlatformFailure rl = assertInstanceOf(PlatformFailure.class, failure(blotato.publish(limited)));
    assertEquals(ErrorKind.RATE_LIMITED, rl.kind());
    assertEquals(3000, rl.retryAfterMs());
    assertEquals(null, limited.uploadState().getValue("submitRequestedAt"), "a refused submit may be sent again");
    assertEquals(0, fx.ledger(null).size());
  }
}
