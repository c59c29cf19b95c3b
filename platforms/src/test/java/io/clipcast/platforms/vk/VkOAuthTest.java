package io.clipcast.platforms.vk;

import io.clipcast.platforms.ConnectedAccount;
import io.clipcast.platforms.ErrorKind;
import io.clipcast.platforms.OAuthCallback;
import io.clipcast.platforms.OAuthStart;
import io.clipcast.platforms.PlatformFailure;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The connector's VK ID connect against the simulator: authorize → approve → exchange → user_info → rotating refresh. */
class VkOAuthTest {
  private static final String VERIFIER = "k9d8f7g6h5j4k3l2m1n0-b9v8c7x6z5a4s3d2f1g0-qwertyuiop_ASDF";
  private static VkSandboxFixture fx;

  @BeforeAll
  static void start() {
    fx = new VkSandboxFixture();
  }

  @AfterAll
  static void stop() throws Exception {
    fx.close();
  }

  @BeforeEach
  void reset() {
    fx.clear();
    fx.control("/vk/_sandbox/oauth", new JsonObject().put("autoApprove", false).put("accessTokenTtlSeconds", 3600));
    fx.control("/vk/_sandbox/users", new JsonObject().put("id", 4242).put("firstName", "Anna").put("lastName", "Volkova")
        .put("avatar", "https://sun.userapi.com/a/4242.jpg"));
  }

  private static String challenge(String verifier) throws Exception {
    return Base64.getUrlEncoder().withoutPadding()
        .encodeToString(MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
  }

  private static Map<String, String> query(String url) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String kv : URI.create(url).getRawQuery().split("&")) {
      int eq = kv.indexOf('=');
      out.put(kv.substring(0, eq), URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8));
    }
    return out;
  }

  /** Opens the connector's authorize URL, presses Approve as user 4242, and returns the callback the browser brings back. */
  private static OAuthCallback signIn(String state) throws Exception {
    String url = fx.connector.oauth().orElseThrow().authorizationUrl(new OAuthStart(state, challenge(VERIFIER)));
    assertEquals(200, fx.get(url).statusCode());
    MultiMap form = MultiMap.caseInsensitiveMultiMap();
    query(url).forEach(form::add);
    form.add("user_id", "4242").add("decision", "approve");
    HttpResponse<Buffer> approved = fx.postForm(fx.base + "/vk/id/authorize/approve", form);
    assertEquals(302, approved.statusCode());
    String location = approved.getHeader("Location");
    assertTrue(location.startsWith(VkSandboxFixture.REDIRECT_URI + "?"), location);
    Map<String, String> cb = query(location);
    return new OAuthCallback(cb.get("code"), VERIFIER, cb.get("state"), new JsonObject(new LinkedHashMap<>(cb)));
  }

  private static PlatformFailure failure(Future<?> f) {
    Throwable e = assertThrows(Throwable.class, () -> f.await(20, TimeUnit.SECONDS));
    return assertInstanceOf(PlatformFailure.class, e);
  }

  @Test
  void authorizationUrlAsksVkIdForPkceAndThePublishingScopes() throws Exception {
    String url = fx.connector.oauth().orElseThrow().authorizationUrl(new OAuthStart("s-123", challenge(VERIFIER)));
    assertTrue(url.startsWith(fx.base + "/vk/id/authorize?"), url);
    Map<String, String> q = query(url);
    assertEquals("code", q.get("response_type"));
    assertEquals(VkSandboxFixture.CLIENT_ID, q.get("client_id"));
    assertEquals(VkSandboxFixture.REDIRECT_URI, q.get("redirect_uri"));
    assertEquals("s-123", q.get("state"));
    assertEquals("vkid.personal_info video", q.get("scope"), "the default route (videoWallpost) needs no wall right");
    assertEquals(challenge(VERIFIER), q.get("code_challenge"));
    assertEquals("S256", q.get("code_challenge_method"));
  }

  @Test
  void connectsRefreshesAndTheOldRefreshTokenIsRejected() throws Exception {
    OAuthCallback cb = signIn("s-1");
    assertEquals("s-1", cb.state());
    ConnectedAccount acc = fx.connector.oauth().orElseThrow().exchangeCode(cb).await(20, TimeUnit.SECONDS);
    assertEquals("4242", acc.externalAccountId());
    assertEquals("Anna Volkova", acc.displayName());
    assertEquals("https://sun.userapi.com/a/4242.jpg", acc.avatarUrl());
    assertNotNull(acc.accessToken());
    assertNotNull(acc.refreshToken());
    assertEquals(cb.params().getString("device_id"), acc.metadata().getString("deviceId"));
    assertTrue(acc.scopes().contains("video"), acc.scopes().toString());
    Duration left = Duration.between(Instant.now(), acc.expiresAt());
    assertTrue(left.toMinutes() >= 59 && left.toMinutes() <= 60, left.toString());

    ConnectedAccount renewed = fx.connector.oauth().orElseThrow().refresh(acc).await(20, TimeUnit.SECONDS);
    assertNotEquals(acc.refreshToken(), renewed.refreshToken());
    assertNotEquals(acc.accessToken(), renewed.accessToken());
    assertEquals("4242", renewed.externalAccountId());
    assertEquals(acc.metadata().getString("deviceId"), renewed.metadata().getString("deviceId"));

    PlatformFailure stale = failure(fx.connector.oauth().orElseThrow().refresh(acc));
    assertEquals(ErrorKind.AUTH, stale.kind());
    assertEquals("invalid_grant", stale.platformCode());
    assertTrue(stale.getMessage().contains("Connect your VK account again"), stale.getMessage());

    ConnectedAccount again = fx.connector.oauth().orElseThrow().refresh(renewed).await(20, TimeUnit.SECONDS);
    assertNotEquals(renewed.refreshToken(), again.refreshToken());
  }

  @Test
  void aCodeIsGoodForOneExchangeOnly() throws Exception {
    OAuthCallback cb = signIn("s-2");
    fx.connector.oauth().orElseThrow().exchangeCode(cb).await(20, TimeUnit.SECONDS);
    PlatformFailure reused = failure(fx.connector.oauth().orElseThrow().exchangeCode(cb));
    assertEquals(ErrorKind.AUTH, reused.kind());
    assertEquals("invalid_grant", reused.platformCode());
  }

  @Test
  void aWrongVerifierIsAnAuthFailure() throws Exception {
    OAuthCallback cb = signIn("s-3");
    PlatformFailure f = failure(fx.connector.oauth().orElseThrow().exchangeCode(new OAuthCallback(cb.code(), VERIFIER.replace('k', 'z'), cb.state(), cb.params())));
    assertEquals(ErrorKind.AUTH, f.kind());
  }

  @Test
  void aCallbackWithoutDeviceIdIsRefusedBeforeCallingVk() throws Exception {
    OAuthCallback cb = signIn("s-4");
    PlatformFailure f = failure(fx.connector.oauth().orElseThrow().exchangeCode(new OAuthCallback(cb.code(), VERIFIER, cb.state(), new JsonObject())));
    assertEquals(ErrorKind.AUTH, f.kind());
    assertTrue(f.getMessage().contains("device_id"));
  }

  @Test
  void vkIdServerErrorsAreRetryable() throws Exception {
    OAuthCallback cb = signIn("s-5");
    fx.fault(new JsonObject().put("kind", "http_error").put("status", 502).put("match", "oauth2.auth"));
    PlatformFailure f = failure(fx.connector.oauth().orElseThrow().exchangeCode(cb));
    assertEquals(ErrorKind.RETRYABLE, f.kind());
    assertEquals("502", f.platformCode());
  }

  @Test
  void aRefreshTokenRevokedByVkIdMeansReconnect() {
    ConnectedAccount acc = fx.account(4242);
    fx.fault(new JsonObject().put("kind", "token_expired").put("match", "oauth2.auth"));
    PlatformFailure f = failure(fx.connector.oauth().orElseThrow().refresh(acc));
    assertEquals(ErrorKind.AUTH, f.kind());
  }
}
