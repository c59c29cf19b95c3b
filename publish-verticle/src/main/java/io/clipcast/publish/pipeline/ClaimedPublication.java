package io.clipcast.publish.pipeline;

import io.vertx.core.json.JsonObject;

import java.time.OffsetDateTime;
import java.util.UUID;

/** One publication as the worker holds it after its claim: the row, its clip and its connection (tokens still encrypted). */
record ClaimedPublication(UUID id, UUID userId, String platform, int attempts, int fence, int maxAttempts, String caption,
                          String title, JsonObject options, JsonObject uploadState, OffsetDateTime startedAt,
                          String timeZone,
                          Clip clip, Connection connection) {

  record Clip(UUID id, String storageKey, String fileName, String contentType, long sizeBytes, String sha256, Long durationMs,
              Integer width, Integer height, String status) {}

  record Connection(UUID id, String status, String externalAccountId, String displayName, String avatarUrl, byte[] accessTokenEnc,
                    byte[] refreshTokenEnc, OffsetDateTime expiresAt, String[] scopes, JsonObject metadata) {}
}
