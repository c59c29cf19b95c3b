package io.clipcast.platforms.credentials;

import io.vertx.core.json.JsonObject;

/**
 * The typed part of the node's config the credentials need. {@code refreshAheadSeconds} ({@code publish.refreshAheadSeconds}
 * in conf/default.json): a token that ends sooner than this is renewed before use.
 */
public record CredentialSettings(long refreshAheadSeconds) {
  public static CredentialSettings fromConfig(JsonObject config) {
    return new CredentialSettings(config.getJsonObject("publish").getLong("refreshAheadSeconds"));
  }
}
