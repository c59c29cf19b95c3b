package io.clipcast.storage;

import io.clipcast.config.ConfigException;
import io.clipcast.config.ConfigLayers;
import io.vertx.core.json.JsonObject;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

/** The {@code storage} block of the node config, checked: what {@link ClipStores} builds a store from. */
public record StorageSettings(String kind, Path localDir, long maxUploadBytes, Duration presignTtl, S3 s3) {

  /** The {@code storage.s3} block; only checked when {@code kind} is {@code s3}. */
  public record S3(String endpoint, String region, String bucket, String accessKey, String secretKey, boolean pathStyle) {
    @Override
    public String toString() {
      return "S3[endpoint=" + endpoint + ", region=" + region + ", bucket=" + bucket + ", pathStyle=" + pathStyle + "]";
    }
  }

  /** S3 presigned URLs live at most 7 days (SigV4). */
  static final long MAX_PRESIGN_SECONDS = 7 * 24 * 3600;

  public static StorageSettings fromConfig(JsonObject config) {
    JsonObject st = config.getJsonObject("storage");
    String kind = st.getString("kind");
    if (!kind.equals("local") && !kind.equals("s3")) {
      throw new ConfigException("storage.kind", "Config key 'storage.kind' must be \"local\" or \"s3\", got \"" + kind + "\".");
    }
    long max = st.getLong("maxUploadBytes");
    if (max < 1) {
      throw new ConfigException("storage.maxUploadBytes", "Config key 'storage.maxUploadBytes' must be at least 1, got " + max + ".");
    }
    long ttl = st.getLong("presignTtlSeconds");
    if (ttl < 1 || ttl > MAX_PRESIGN_SECONDS) {
      throw new ConfigException("storage.presignTtlSeconds", "Config key 'storage.presignTtlSeconds' must be between 1 and "
          + MAX_PRESIGN_SECONDS + " (7 days, the SigV4 limit), got " + ttl + ".");
    }
    String localDir = st.getString("localDir");
    if (kind.equals("local") && localDir.isBlank()) {
      throw new ConfigException("storage.localDir", "Config key 'storage.localDir' must name a folder when storage.kind is local.");
    }
    JsonObject s3 = st.getJsonObject("s3");
    S3 s3Settings = new S3(s3.getString("endpoint"), s3.getString("region"), s3.getString("bucket"),
        s3.getString("accessKey"), s3.getString("secretKey"), s3.getBoolean("pathStyle"));
    if (kind.equals("s3")) {
      check(s3Settings);
    }
    return new StorageSettings(kind, Path.of(localDir), max, Duration.ofSeconds(ttl), s3Settings);
  }

  private static void check(S3 s3) {
    URI uri;
    try {
      uri = URI.create(s3.endpoint());
    } catch (IllegalArgumentException e) {
      uri = null;
    }
    if (uri == null || uri.getHost() == null || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
      throw new ConfigException("storage.s3.endpoint", "Config key 'storage.s3.endpoint' must be an http(s) URL such as"
          + " https://storage.yandexcloud.net or http://127.0.0.1:9000 when storage.kind is s3, got \"" + s3.endpoint() + "\".");
    }
    require("storage.s3.region", s3.region());
    require("storage.s3.bucket", s3.bucket());
    require("storage.s3.accessKey", s3.accessKey());
    require("storage.s3.secretKey", s3.secretKey());
  }

  private static void require(String key, String value) {
    if (value.isBlank()) {
      throw new ConfigException(key, "Config key '" + key + "' must be set when storage.kind is s3 (environment variable "
          + ConfigLayers.envName(key) + ").");
    }
  }
}
