package io.clipcast.platforms.instagram;

import io.clipcast.platforms.ConnectedAccount;
import io.clipcast.platforms.ErrorKind;
import io.clipcast.platforms.PlatformFailure;
import io.clipcast.platforms.meta.MetaFixture;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

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
  private static final String APP = "710000000000001";
  private static final String SECRET = "sandbox-instagram-secret";
  private static final AtomicLong IDS = new AtomicLong(7_000);
  private static final InstagramConnector connector = new InstagramConnector(MetaFixture.FAST);
  private static MetaFixture fx;

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
  void aUserTokenMetaNoLongerAcceptsAsksForANewSignIn() {
    String[] u = user();
    Throwable e = assertThrows(Throwable.class, () -> connector.refresh(onUserToken(u, "EAAnot-a-token")).await(10, TimeUnit.SECONDS));
    PlatformFailure f = assertInstanceOf(PlatformFailure.class, e, String.valueOf(e));
    assertEquals(ErrorKind.AUTH, f.kind(), f.getMessage());
    assertTrue(f.getMessage().contains("Connect the account again"), f.getMessage());
  }
}
