package io.clipcast.api;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * A connection the user must reconnect soon shows {@code expiring} with {@code reconnectBy}, within
 * {@code oauth.expiringDays} (7) of it: a token that cannot be refreshed, or a platform's hard limit the connector
 * recorded (Instagram's user token without a Page token, {@code metadata.reconnectBy}), even when it can be renewed.
 */
class ConnectionExpiryViewTest {
  private static ApiFixture api;

  @BeforeAll
  static void start() {
    api = new ApiFixture();
  }

  @AfterAll
  static void stop() throws Exception {
    api.close();
  }

  private static void setExpiry(String id, Instant expires, boolean refreshable, Instant reconnectBy) {
    api.sql("UPDATE platform_connections SET expires_at = '" + expires + "'"
        + (refreshable ? ", refresh_token_enc = '\\x00'::bytea" : "")
        + (reconnectBy == null ? "" : ", metadata = '{\"token\":\"user\",\"reconnectBy\":\"" + reconnectBy + "\"}'::jsonb")
        + " WHERE id = '" + id + "'");
  }

  @Test
  void connectionsSayWhenTheyMustBeReconnected() {
    ApiFixture.User u = api.user("pro");
    Instant now = Instant.now();
    String soon = api.connection(u, "vk", "connected");
    setExpiry(soon, now.plus(3, ChronoUnit.DAYS), false, null);
    String later = api.connection(u, "youtube", "connected");
    setExpiry(later, now.plus(20, ChronoUnit.DAYS), false, null);
    String renewable = api.connection(u, "linkedin", "connected");
    setExpiry(renewable, now.plus(1, ChronoUnit.HOURS), true, null);
    String instagram = api.connection(u, "instagram", "connected");
    Instant hardLimit = now.plus(2, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
    setExpiry(instagram, now.plus(1, ChronoUnit.HOURS), true, hardLimit);
    String gone = api.connection(u, "tiktok", "connected");
    setExpiry(gone, now.minus(1, ChronoUnit.DAYS), false, null);

    Map<String, JsonObject> byId = api.get("/api/v1/connections", u.token()).json().getJsonArray("items").stream()
        .map(o -> (JsonObject) o).collect(Collectors.toMap(c -> c.getString("id"), c -> c));
    assertEquals("expiring", byId.get(soon).getString("status"));
    assertEquals(byId.get(soon).getString("expiresAt"), byId.get(soon).getString("reconnectBy"));
    assertEquals("connected", byId.get(later).getString("status"), "20 days ahead is not yet expiring");
    assertEquals("connected", byId.get(renewable).getString("status"), "a refreshable token is renewed, not expiring");
    assertNull(byId.get(renewable).getString("reconnectBy"));
    assertEquals("expiring", byId.get(instagram).getString("status"), "the platform's hard limit counts even when renewable");
    assertEquals(hardLimit.toString(), byId.get(instagram).getString("reconnectBy"));
    assertEquals("expired", byId.get(gone).getString("status"));
  }
}
