package io.clipcast.publish.pipeline;

import io.clipcast.platforms.credentials.StoredConnection;
import io.vertx.core.json.JsonObject;

import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/** One publication as the worker holds it after its claim: the row, its clip and its connection (tokens still encrypted). */
record ClaimedPublication(UUID id, UUID userId, String platform, int attempts, int fence, int maxAttempts, String caption,
                          String title, JsonObject options, JsonObject uploadState, OffsetDateTime startedAt,
                          String timeZone,
                          Clip clip, Connection connection) {

  /** The connection as the credentials component reads it. */
  StoredConnection stored() {
    return new StoredConnection(connection.id(), userId, platform, connection.externalAccountId(), connection.displayName(),
        connection.avatarUrl(), connection.accessTokenEnc(), connection.refreshTokenEnc(),
        connection.expiresAt() == null ? null : connection.expiresAt().toInstant(),
        connection.scopes() == null ? List.of() : Arrays.asList(connection.scopes()), connection.metadata());
  }

  record Clip(UUID id, String storageKey, String fileName, String contentType, long sizeBytes, String sha256, Long durationMs,
              Integer width, Integer height, String status) {}

  record Connection(UUID id, String status, String externalAccountId, String displayName, String avatarUrl, byte[] accessTokenEnc,
                    byte[] refreshTokenEnc, OffsetDateTime expiresAt, String[] scopes, JsonObject metadata) {}
}
