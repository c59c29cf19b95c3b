package io.clipcast.platforms.credentials;

import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A {@code platform_connections} row as read by publish or stats: who it belongs to and its tokens, still encrypted. */
public record StoredConnection(UUID id, UUID userId, String platform, String externalAccountId, String displayName, String avatarUrl,
                               byte[] accessTokenEnc, byte[] refreshTokenEnc, Instant expiresAt, List<String> scopes,
                               JsonObject metadata) {}
