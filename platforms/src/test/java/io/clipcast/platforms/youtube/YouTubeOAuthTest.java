package io.clipcast.platforms.youtube;

import io.clipcast.platforms.ConnectedAccount;
import io.clipcast.platforms.ErrorKind;
import io.clipcast.platforms.OAuthCallback;
import io.clipcast.platforms.OAuthStart;
import io.clipcast.platforms.PlatformFailure;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
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
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Connecting a channel through the simulator's Google OAuth: authorize → consent → code exchange → channels.list → refresh. */
class YouTubeOAuthTest {
  private static final String VERIFIER = "q1w2e3r4t5y6u7i8o9p0-a1s2d3f4g5h6j7k8l9-zxcvbnm_QWERTY";
  private static YouTubeSandboxFixture fx;

  @BeforeAll
  static void start() {
    fx = new YouTubeSandboxFixture(rules -> {});
    fx.control("/youtube/_sandbox/oauth", new JsonObject().put("autoApprove", true).put("channel", new JsonObject()
        .put("id", "UCoauthConnectorChannel1").put("title", "Мария о Волге").put("thumbnail", "https://yt3.ggpht.com/maria")));
  }

  @AfterAll
  static void stop() throws Exception {
    fx.close();
  }

  private static Map<String, String> query(String url) {
    Map<String, String> q = new LinkedHashMap<>();
    for (String kv : URI.create(url).getRawQuery().split("&")) {
      int i = kv.indexOf('=');
      q.put(kv.substring(0, i), URLDecoder.decode(kv.substring(i + 1), StandardCharsets.UTF_8));
    }
    return q;
  }

  @Test
  void aChannelConnectsWithOfflineAccessAndItsTokenRenewsWithoutRotating() throws Exception {
    String challenge = Base64.getUrlEncoder().withoutPadding().encodeToString(MessageDigest.getInstance("SHA-256")
        .digest(VERIFIER.getBytes(StandardCharsets.US_ASCII)));
    String url = fx.connector.oauth().orElseThrow().authorizationUrl(new OAuthStart("state-123", challenge));
    Map<String, String> asked = query(url);
    assertTrue(url.startsWith(fx.base + "/youtube/oauth/o/oauth2/v2/auth?"), url);
    assertEquals("offline", asked.get("access_type"));
    assertEquals("consent", asked.get("prompt"));
    assertEquals("S256", asked.get("code_challenge_method"));
    assertEquals(GoogleOAuthClient.SCOPE, asked.get("scope"));

    HttpResponse<Buffer> approved = fx.get(url);
    assertEquals(302, approved.statusCode(), approved.bodyAsString());
    Map<String, String> back = query(approved.getHeader("Location"));
    assertEquals("state-123", back.get("state"));
    ConnectedAccount account = fx.connector.oauth().orElseThrow().exchangeCode(new OAuthCallback(back.get("code"), VERIFIER, back.get("state"),
        new JsonObject().put("scope", back.get("scope")))).await(10, TimeUnit.SECONDS);
    assertEquals("UCoauthConnectorChannel1", account.externalAccountId());
    assertEquals("Мария о Волге", account.displayName());
    assertEquals("https://yt3.ggpht.com/maria", account.avatarUrl());
    assertTrue(account.refreshToken().startsWith("1//"), account.refreshToken());
    assertTrue(account.expiresAt().isAfter(Instant.now().plus(Duration.ofMinutes(55))));
    assertTrue(account.scopes().contains("https://www.googleapis.com/auth/youtube.upload"));
    assertEquals("UCoauthConnectorChannel1", account.metadata().getString("channelId"));

    ConnectedAccount renewed = fx.connector.oauth().orElseThrow().refresh(account).await(10, TimeUnit.SECONDS);
    assertNotEquals(account.accessToken(), renewed.accessToken());
    assertEquals(account.refreshToken(), renewed.refreshToken());
    assertEquals(account.externalAccountId(), renewed.externalAccountId());

    Throwable reused = assertThrows(Throwable.class, () -> fx.connector.oauth().orElseThrow().exchangeCode(new OAuthCallback(back.get("code"), VERIFIER,
        back.get("state"), new JsonObject())).await(10, TimeUnit.SECONDS));
    PlatformFailure f = assertInstanceOf(PlatformFailure.class, reused);
    assertEquals(ErrorKind.AUTH, f.kind());
    assertEquals("invalid_grant", f.platformCode());
  }
}
