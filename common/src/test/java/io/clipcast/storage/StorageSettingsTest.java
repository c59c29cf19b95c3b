package io.clipcast.storage;

import io.clipcast.config.ConfigException;
import io.clipcast.config.ConfigLayers;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StorageSettingsTest {

  private static JsonObject with(JsonObject storage) {
    return ConfigLayers.fromDefaults().overlay(new JsonObject().put("storage", storage), "test").build();
  }

  private static String keyAtFault(JsonObject storage) {
    return assertThrows(ConfigException.class, () -> StorageSettings.fromConfig(with(storage))).key();
  }

  @Test
  void defaultsAreALocalStoreWithTwoGigabyteUploads() {
    StorageSettings s = StorageSettings.fromConfig(ConfigLayers.fromDefaults().build());
    assertEquals("local", s.kind());
    assertEquals(2L * 1024 * 1024 * 1024, s.maxUploadBytes());
    assertEquals(Duration.ofMinutes(15), s.presignTtl());
  }

  @Test
  void s3SettingsComeFromTheEnvironmentAndKeepTheSecretOutOfToString() {
    JsonObject config = ConfigLayers.fromDefaults().withEnv(Map.of(
        "CLIPCAST_STORAGE_KIND", "s3",
        "CLIPCAST_STORAGE_S3_ENDPOINT", "https://storage.yandexcloud.net",
        "CLIPCAST_STORAGE_S3_REGION", "ru-central1",
        "CLIPCAST_STORAGE_S3_ACCESS_KEY", "AKID",
        "CLIPCAST_STORAGE_S3_SECRET_KEY", "s3cr3t-value",
        "CLIPCAST_STORAGE_S3_PATH_STYLE", "false")).build();
    StorageSettings s = StorageSettings.fromConfig(config);
    assertEquals("ru-central1", s.s3().region());
    assertFalse(s.s3().pathStyle());
    assertFalse(s.toString().contains("s3cr3t-value"), s.toString());
  }

  @Test
  void namesTheKeyAtFault() {
    assertEquals("storage.kind", keyAtFault(new JsonObject().put("kind", "ftp")));
    assertEquals("storage.maxUploadBytes", keyAtFault(new JsonObject().put("maxUploadBytes", 0)));
    assertEquals("storage.presignTtlSeconds", keyAtFault(new JsonObject().put("presignTtlSeconds", 8 * 24 * 3600)));
    assertEquals("storage.s3.endpoint", keyAtFault(new JsonObject().put("kind", "s3")));
    JsonObject s3 = new JsonObject().put("endpoint", "http://127.0.0.1:9000");
    assertEquals("storage.s3.accessKey", keyAtFault(new JsonObject().put("kind", "s3").put("s3", s3)));
    ConfigException e = assertThrows(ConfigException.class, () -> StorageSettings.fromConfig(with(new JsonObject().put("kind", "s3")
        .put("s3", s3.copy().put("accessKey", "a")))));
    assertEquals("storage.s3.secretKey", e.key());
    assertTrue(e.getMessage().contains("CLIPCAST_STORAGE_S3_SECRET_KEY"), e.getMessage());
  }
}
