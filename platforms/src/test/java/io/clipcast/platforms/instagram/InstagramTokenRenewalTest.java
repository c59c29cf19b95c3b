package io.clipcast.platforms.instagram;

import io.clipcast.platforms.ConnectedAccount;
import io.clipcast.platforms.ErrorKind;
import io.clipcast.platforms.PlatformFailure;
import io.clipcast.platforms.OAuthStart;
import io.clipcast.platforms.PublishResult;
import io.clipcast.platforms.meta.MetaFixture;
import io.clipcast.platforms.testing.TestPublishContext;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An Instagram connection on the ~60-day user token is renewed before it expires (docs/platforms/instagram.md, "Which
 * token publishes"): to the Page's token, which does not expire, when Meta gives one; a user token Meta no longer
 * accepts ends as AUTH (connect again).
 */
class InstagramTokenRenewalTest {
  private static final Path CLIP = Path.of("../common/src/test/resources/media/portrait_h264_aac_faststart.mp4");
  private static final String APP = "710000000000001";
  private static final String SECRET = "sandbox-instagram-secret";
  private static final AtomicLong IDS = new AtomicLong(7_000);
  private static final InstagramConnector connector = new InstagramConnector(MetaFixture.FAST);
  private static MetaFixture fx;

  @TempDir
  Path store;

  @BeforeAll
  static void start() {
    fx = new MetaFixture("instagram", connector, APP, SECRET);
  }

  @AfterAll
  static void stop() throws Exception {
    fx.close();
  }

  /** A seeded user with one Page linking a professional account: {userId, pageId, igId}. */
  private static String[] user() {
    long n = IDS.incrementAndGet();
    String[] u = {"1" + n, "2" + n, "178415" + n};
    fx.signInAs(new JsonObject().put("id", u[0]).put("pages", new JsonArray().add(new JsonObject().put("id", u[1]).put("name", "Page " + n)
        .put("instagram", new JsonObject().put("id", u[2]).put("username", "renew" + n).put("accountType", "BUSINESS")))), null);
    return u;
  }

  private static ConnectedAccount onUserToken(String[] u, String userToken) {
    return new ConnectedAccount(u[2], "@renew", null, userToken, userToken, Instant.now().plusSeconds(3600),
        List.of(InstagramConnector.SCOPES.split(",")), new JsonObject().put("igUserId", u[2]).put("pageId", u[1]).put("token", "user"));
  }

  @Test
  void aConnectionOnTheUserTokenIsRenewedToThePagesTokenWhichDoesNotExpire() throws Exception {
    String[] u = user();
    JsonObject minted = fx.tokens(u[0], APP);
    ConnectedAccount renewed = connector.refresh(onUserToken(u, minted.getString("access_token"))).await(10, TimeUnit.SECONDS);
    assertEquals(minted.getJsonObject("pages").getString(u[1]), renewed.accessToken());
    assertNull(renewed.expiresAt(), "the Page token has no expiry date");
    assertEquals("page", renewed.metadata().getString("token"));
    assertNull(renewed.metadata().getString("reconnectBy"));
    assertEquals(u[1], renewed.metadata().getString("pageId"), "the rest of the connection stays");
  }

  @Test
  void withoutAPageTokenTheUserTokenIsKeptRenewedAndItsReconnectDateShown() throws Exception {
    String[] u = user();
    fx.control("/oauth", new JsonObject().put("pageTokens", false));
    try {
      ConnectedAccount acc = connector.exchangeCode(fx.callback(connector.authorizationUrl(new OAuthStart("st-u" + u[0], "unused")), null))
          .await(10, TimeUnit.SECONDS);
      assertEquals("user", acc.metadata().getString("token"));
      assertEquals(acc.accessToken(), acc.refreshToken(), "the user token is what renews it");
      long days = Duration.between(Instant.now(), acc.expiresAt()).toDays();
      assertTrue(days >= 59 && days <= 60, "long-lived: " + days + " days");
      assertEquals(acc.expiresAt().toString(), acc.metadata().getString("reconnectBy"));

      ConnectedAccount traded = connector.refresh(acc).await(10, TimeUnit.SECONDS);
      assertEquals("user", traded.metadata().getString("token"), "still no Page token: the user token is traded again");
      assertTrue(!traded.accessToken().equals(acc.accessToken()) && traded.accessToken().equals(traded.refreshToken()));
      assertTrue(traded.expiresAt().isAfter(Instant.now().plus(Duration.ofDays(59))), String.valueOf(traded.expiresAt()));
      assertEquals(traded.expiresAt().toString(), traded.metadata().getString("reconnectBy"));

      fx.control("/oauth", new JsonObject().put("pageTokens", true));
      ConnectedAccount paged = connector.refresh(traded).await(10, TimeUnit.SECONDS);
      assertEquals("page", paged.metadata().getString("token"));
      assertNull(paged.expiresAt());
      assertEquals(fx.tokens(u[0], APP).getJsonObject("pages").getString(u[1]), paged.accessToken());
    } finally {
      fx.control("/oauth", new JsonObject().put("pageTokens", true));
    }
  }

  @Test
  void thePageTokenPublishesAReelResumably() throws Exception {
    String[] u = user();
    String pageToken = fx.tokens(u[0], APP).getJsonObject("pages").getString(u[1]);
    ConnectedAccount acc = new ConnectedAccount(u[2], "@renew", null, pageToken, null, null, List.of(InstagramConnector.SCOPES.split(",")),
        new JsonObject().put("igUserId", u[2]).put("pageId", u[1]).put("token", "page"));
    fx.control("/api", new JsonObject().put("processingMs", 100));
    TestPublishContext ctx = new TestPublishContext(fx.vertx, acc, store, CLIP, "with the Page token", null, null);
    PublishResult r = connector.publish(ctx).await(20, TimeUnit.SECONDS);
    for (int i = 0; r.isPending() && i < 50; i++) {
      Thread.sleep(100);
      r = connector.publish(ctx).await(20, TimeUnit.SECONDS);
    }
    assertTrue(r.url() != null && r.url().startsWith("https://www.instagram.com/"), String.valueOf(r.url()));
    List<JsonObject> posts = fx.ledgerOf(u[2]);
    assertEquals(1, posts.size(), posts.toString());
    assertEquals(ctx.sha256(), posts.get(0).getString("sha256"));
  }

  @Test
  void aUserTokenMetaNoLongerAcceptsAsksForANewSignIn() {
    String[] u = user();
    Throwable e = assertThrows(Throwable.class, () -> connector.refresh(onUserToken(u, "EAAnot-a-token")).await(10, TimeUnit.SECONDS));
    PlatformFailure f = assertInstanceOf(PlatformFailure.class, e, String.valueOf(e));
    assertEquals(ErrorKind.AUTH, f.kind(), f.getMessage());
    assertTrue(f.getMessage().contains("Connect the account again"), f.getMessage());
  }
}
