package io.clipcast.platforms.facebook;

import io.clipcast.platforms.ConnectedAccount;
import io.clipcast.platforms.ConnectorSettings;
import io.clipcast.platforms.ErrorKind;
import io.clipcast.platforms.PlatformFailure;
import io.clipcast.platforms.PublishResult;
import io.clipcast.platforms.catalog.PlatformCatalog;
import io.clipcast.platforms.meta.MetaFixture;
import io.clipcast.platforms.testing.TestPublishContext;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.RequestOptions;
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
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Meta enforces the 30 reels / 24 h cap when a reel is published, i.e. at {@code upload_phase=finish}
 * (docs/platforms/facebook.md). The sandbox refuses only at start, so a small HTTP relay in front of its Graph
 * API answers the next finish with Graph's code 9 and passes every other call through to the sandbox unchanged.
 */
class FacebookCapAtFinishTest {
  private static final String APP = "710000000000002";
  private static final String SECRET = "sandbox-facebook-secret";
  private static final AtomicInteger REFUSE_FINISH = new AtomicInteger();
  private static final FacebookConnector direct = new FacebookConnector(MetaFixture.FAST);
  private static final FacebookConnector relayed = new FacebookConnector(MetaFixture.FAST);
  private static MetaFixture fx;
  private static HttpServer relay;
  private static Path clip;

  @TempDir
  static Path files;
  @TempDir
  Path store;

  @BeforeAll
  static void start() throws Exception {
    fx = new MetaFixture("facebook", direct, APP, SECRET);
    HttpClient sandbox = fx.vertx.createHttpClient();
    relay = fx.vertx.createHttpServer().requestHandler(req -> req.body().onSuccess(body -> {
      if (req.path().endsWith("/video_reels") && body.toString().contains("upload_phase=finish") && REFUSE_FINISH.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
        req.response().setStatusCode(400).putHeader("Content-Type", "application/json").end(new JsonObject().put("error", new JsonObject()
            .put("message", "(#9) This Page has reached its limit of 30 reels published through the API in 24 hours.")
            .put("type", "OAuthException").put("code", 9).put("fbtrace_id", "relay")).encode());
        return;
      }
      RequestOptions to = new RequestOptions().setMethod(req.method()).setHost("127.0.0.1").setPort(fx.port).setURI(req.uri())
          .setHeaders(req.headers());
      sandbox.request(to).compose(out -> out.send(body)).compose(in -> in.body().map(b -> {
        req.response().setStatusCode(in.statusCode()).headers().addAll(in.headers());
        req.response().end(b);
        return b;
      })).onFailure(e -> req.response().setStatusCode(502).end(String.valueOf(e)));
    })).listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS);
    String p = "http://127.0.0.1:" + relay.actualPort() + "/facebook";
    relayed.init(fx.vertx, new ConnectorSettings(Map.of("api", p + "/api", "oauth", fx.base + "/facebook/oauth", "upload",
        fx.base + "/facebook/upload"), APP, SECRET, MetaFixture.REDIRECT_URI, PlatformCatalog.shipped().rules("facebook")));
    byte[] bytes = new byte[1024 * 1024 + 7];
    new Random(9).nextBytes(bytes);
    clip = files.resolve("reel.mp4");
    Files.write(clip, bytes);
    fx.control("/api", new JsonObject().put("processingMs", 150).put("reelsPerPagePerDay", 30));
  }

  @AfterAll
  static void stop() throws Exception {
    if (relay != null) relay.close().await(10, TimeUnit.SECONDS);
    fx.close();
  }

  @Test
  void theCapAtFinishDefersKeepsTheUploadAndTheNextAttemptFinishes() throws Exception {
    String user = "1" + System.nanoTime() % 1_000_000_000L;
    String pageId = "5" + System.nanoTime() % 1_000_000_000L;
    fx.signInAs(new JsonObject().put("id", user).put("pages", new JsonArray().add(new JsonObject().put("id", pageId).put("name", "Capped"))), null);
    String token = fx.tokens(user, APP).getJsonObject("pages").getString(pageId);
    ConnectedAccount acc = new ConnectedAccount(pageId, "Capped", null, token, null, null, List.of(FacebookConnector.SCOPES.split(",")),
        new JsonObject().put("pageId", pageId));
    TestPublishContext ctx = new TestPublishContext(fx.vertx, acc, store, clip, "capped at finish", "A reel", null);

    REFUSE_FINISH.set(1);
    Throwable e = assertThrows(Throwable.class, () -> relayed.publish(ctx).await(20, TimeUnit.SECONDS));
    PlatformFailure f = assertInstanceOf(PlatformFailure.class, e, String.valueOf(e));
    assertEquals(ErrorKind.DEFERRED, f.kind(), f.getMessage());
    assertEquals("9", f.platformCode());
    assertTrue(f.getMessage().startsWith("Facebook allows 30 reels per Page in 24 hours and Capped has reached it; publishing at "), f.getMessage());
    assertTrue(f.retryAfterMs() > Duration.ofHours(23).toMillis() && f.retryAfterMs() <= Duration.ofHours(24).plusMinutes(2).toMillis(),
        "until the reel started a moment ago leaves the window: " + f.retryAfterMs());
    JsonObject saved = ctx.uploadState();
    assertTrue(saved.getBoolean("uploaded"), "the bytes stay uploaded: " + saved);
    assertNull(saved.getValue("finishRequestedAt"), "a refused finish did not arrive, so the next attempt sends it again: " + saved);
    assertEquals(0, fx.ledgerOf(pageId).size(), "nothing was published");

    PublishResult r = relayed.publish(ctx.nextAttempt()).await(20, TimeUnit.SECONDS);
    for (int i = 0; r.isPending() && i < 40; i++) {
      Thread.sleep(100);
      r = relayed.publish(ctx).await(20, TimeUnit.SECONDS);
    }
    assertEquals("https://www.facebook.com/reel/" + r.externalId(), r.url());
    List<JsonObject> posts = fx.ledgerOf(pageId);
    assertEquals(1, posts.size(), "published once, on the same reel: " + posts);
    assertEquals(ctx.sha256(), posts.get(0).getString("sha256"));
    assertEquals(1, ctx.checkpoints.stream().filter(c -> c.getString("videoId") != null).map(c -> c.getString("videoId")).distinct().count(),
        "no second reel was started");
  }
}
