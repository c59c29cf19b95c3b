package io.clipcast.platforms;

/** The start of an OAuth connect: the single-use {@code state} and the PKCE S256 challenge of the verifier we keep. */
public record OAuthStart(String state, String codeChallenge) {}
