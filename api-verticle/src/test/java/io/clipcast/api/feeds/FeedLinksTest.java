package io.clipcast.api.feeds;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Where feeds and their media links point: the configured public origin, else the listen address. */
class FeedLinksTest {
  private static JsonObject http(String host, int port, String publicUrl) {
    return new JsonObject().put("http", new JsonObject().put("host", host).put("port", port).put("publicUrl", publicUrl));
  }

  @Test
  void theConfiguredPublicOriginWinsWithoutItsTrailingSlash() {
    assertEquals("https://clips.example.ru", FeedLinks.publicUrl(http("0.0.0.0", 8080, "https://clips.example.ru/")));
    assertEquals("https://clips.example.ru/feeds/abc.xml", FeedLinks.feedUrl("https://clips.example.ru", "abc"));
  }

  @Test
  void blankMeansTheListenAddressWithAWildcardHostReadAsLoopback() {
    assertEquals("http://127.0.0.1:8080", FeedLinks.publicUrl(http("0.0.0.0", 8080, "")));
    assertEquals("http://127.0.0.1:18080", FeedLinks.publicUrl(http("::", 18080, "")));
    assertEquals("http://10.0.0.5:9000", FeedLinks.publicUrl(http("10.0.0.5", 9000, "")));
  }

  @Test
  void onlyConnectionsWithAFeedNonceHaveAFeedUrlDerivedFromItAndTheNodeSecret() {
    java.util.UUID id = java.util.UUID.randomUUID();
    assertNull(FeedLinks.feedUrl(id, new JsonObject().put("chatId", 1)));
    assertNull(FeedLinks.feedUrl(id, null));
    JsonObject config = http("0.0.0.0", 8080, "").put("auth", new JsonObject().put("jwtSecret", "k1"));
    String url = FeedLinks.feedUrl(config, id, "nonce-of-the-first-feed");
    assertTrue(url.matches("http://127\\.0\\.0\\.1:8080/feeds/[A-Za-z0-9_-]{43}\\.xml"), url);
    assertEquals(url, FeedLinks.feedUrl(config, id, "nonce-of-the-first-feed"), "the same URL every time it is shown");
    assertNotEquals(url, FeedLinks.feedUrl(config, id, "nonce-of-the-second-feed"), "a new nonce, a new URL");
    assertNotEquals(url, FeedLinks.feedUrl(config.copy().put("auth", new JsonObject().put("jwtSecret", "k2")), id, "nonce-of-the-first-feed"));
    assertFalse(url.contains("nonce-of-the-first-feed"), "the nonce is not readable from the URL");   // a long nonce: a short one turns up in a random token by chance
  }
}
