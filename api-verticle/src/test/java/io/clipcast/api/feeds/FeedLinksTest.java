package io.clipcast.api.feeds;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

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
  void onlyConnectionsWithAFeedSecretHaveAFeedUrl() {
    assertNull(FeedLinks.feedUrl(new JsonObject().put("chatId", 1)));
    assertNull(FeedLinks.feedUrl((JsonObject) null));
    assertEquals("http://127.0.0.1:8080/feeds/s3cr3t.xml", FeedLinks.feedUrl(new JsonObject().put("feedSecret", "s3cr3t")));
  }
}
