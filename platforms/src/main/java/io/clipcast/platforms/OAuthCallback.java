package io.clipcast.platforms;

import io.vertx.core.json.JsonObject;

/**
 * What came back to the redirect URI ({@code code}, {@code state} and platform extras such as VK ID's
 * {@code device_id} in {@code params}) plus the PKCE verifier kept since the start.
 */
public record OAuthCallback(String code, String codeVerifier, String state, JsonObject params) {}
