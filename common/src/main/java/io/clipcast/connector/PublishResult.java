package io.clipcast.connector;

import io.vertx.core.json.JsonObject;

/** A post that is live on the platform: its id there, its public URL, and platform details worth keeping. */
public record PublishResult(String externalId, String url, JsonObject detail) {}
