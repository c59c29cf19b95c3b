package io.clipcast.storage;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

/** Builds the clip store that {@code storage.kind} names. */
public final class ClipStores {
  private ClipStores() {}

  /** @param config the whole node config; its {@code storage} block is checked first */
  public static ClipStore fromConfig(Vertx vertx, JsonObject config) {
    StorageSettings settings = StorageSettings.fromConfig(config);
    return switch (settings.kind()) {
      case "s3" -> new S3ClipStore(vertx, settings.s3(), settings.maxUploadBytes());
      default -> new LocalClipStore(vertx, settings.localDir(), settings.maxUploadBytes());
    };
  }
}
