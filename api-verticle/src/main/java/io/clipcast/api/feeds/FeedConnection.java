package io.clipcast.api.feeds;

import io.vertx.core.json.JsonObject;

import java.util.UUID;

/** The connection a feed secret belongs to: what rendering its feed needs (never its tokens). */
record FeedConnection(UUID id, UUID userId, String platform, String externalAccountId, String displayName, String avatarUrl,
                      JsonObject metadata) {}
