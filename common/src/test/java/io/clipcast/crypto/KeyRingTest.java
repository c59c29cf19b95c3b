package io.clipcast.crypto;

import io.clipcast.config.ConfigException;
import io.clipcast.config.ConfigLayers;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KeyRingTest {

  @Test
  void readsKeysFromConfigFileAndEnvironment() {
    String k1 = KeyRing.newEntry("k1");
    String k2 = KeyRing.newEntry("2026-01");
    JsonObject fromFile = ConfigLayers.fromDefaults()
        .overlay(new JsonObject().put("crypto", new JsonObject().put("activeKeyId", "k1").put("keys", new JsonArray().add(k1))), "test")
        .build();
    assertEquals("k1", KeyRing.fromConfig(fromFile).activeKeyId());

    JsonObject fromEnv = ConfigLayers.fromDefaults()
        .withEnv(Map.of("CLIPCAST_CRYPTO_KEYS", k1 + "," + k2, "CLIPCAST_CRYPTO_ACTIVE_KEY_ID", "2026-01"))
        .build();
    KeyRing ring = KeyRing.fromConfig(fromEnv);
    assertEquals("2026-01", ring.activeKeyId());
    assertEquals(List.of("k1", "2026-01"), List.copyOf(ring.keyIds()));
    assertFalse(ring.toString().contains(k1.substring(3)), "toString shows ids, never key material");
  }

  @Test
  void refusesKeysThatAreNotExactly32Bytes() {
    String shortKey = Base64.getEncoder().encodeToString(new byte[16]);
    ConfigException e = assertThrows(ConfigException.class, () -> KeyRing.of("k1", List.of("k1:" + shortKey)));
    assertEquals("crypto.keys", e.key());
    assertTrue(e.getMessage().contains("16 bytes") && e.getMessage().contains("32"), e.getMessage());
    assertFalse(e.getMessage().contains(shortKey), "the message never repeats key material");

    String longKey = Base64.getEncoder().encodeToString(new byte[33]);
    assertEquals("crypto.keys", assertThrows(ConfigException.class, () -> KeyRing.of("k1", List.of("k1:" + longKey))).key());
  }

  @Test
  void namesTheKeyAtFaultForOtherMistakes() {
    String good = KeyRing.newEntry("k1");
    assertEquals("crypto.keys", assertThrows(ConfigException.class, () -> KeyRing.of("k1", List.of())).key());
    assertEquals("crypto.keys", assertThrows(ConfigException.class, () -> KeyRing.of("k1", List.of("no-colon"))).key());
    assertEquals("crypto.keys", assertThrows(ConfigException.class, () -> KeyRing.of("k1", List.of("k1:not base64!"))).key());
    assertEquals("crypto.keys", assertThrows(ConfigException.class, () -> KeyRing.of("k1", List.of("bad id:" + good.substring(3)))).key());
    assertEquals("crypto.keys", assertThrows(ConfigException.class, () -> KeyRing.of("k1", List.of(good, good))).key());
    ConfigException active = assertThrows(ConfigException.class, () -> KeyRing.of("k9", List.of(good)));
    assertEquals("crypto.activeKeyId", active.key());
    assertTrue(active.getMessage().contains("[k1]"), active.getMessage());
    assertEquals("crypto.activeKeyId", assertThrows(ConfigException.class, () -> KeyRing.of("", List.of(good))).key());

    JsonObject defaults = ConfigLayers.fromDefaults().build();
    assertEquals("crypto.keys", assertThrows(ConfigException.class, () -> KeyRing.fromConfig(defaults)).key(),
        "the shipped defaults have no key: a node that needs tokens says so at start");
  }
}
