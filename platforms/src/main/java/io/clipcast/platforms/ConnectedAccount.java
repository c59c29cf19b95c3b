package io.clipcast.platforms;

import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.util.List;

/** The account a set of credentials gives access to, and the secrets to keep (encrypted) for it. */
public record ConnectedAccount(String externalAccountId, String displayName, String avatarUrl, String accessToken,
                               String refreshToken, Instant expiresAt, List<String> scopes, JsonObject metadata) {}
