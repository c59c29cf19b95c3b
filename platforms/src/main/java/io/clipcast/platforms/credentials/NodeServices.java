package io.clipcast.platforms.credentials;

import io.clipcast.crypto.KeyRing;
import io.clipcast.crypto.TokenCipher;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.LocalMap;
import io.vertx.core.shareddata.Shareable;
import io.vertx.sqlclient.Pool;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * What a node builds once from its config and every verticle instance of that node shares: the typed credential
 * settings and the token cipher (the key ring decoded once). Kept in the Vert.x instance's local map, so publish and
 * stats instances of one node get the same object. {@link #credentials} binds them to the caller's pool handle, which
 * the caller's verticle owns and closes.
 */
public final class NodeServices implements Shareable {
  private static final String KEY = "clipcast.node-services";

  private final TokenCipher cipher;
  private final CredentialSettings settings;

  private NodeServices(TokenCipher cipher, CredentialSettings settings) {
    this.cipher = cipher;
    this.settings = settings;
  }

  /**
   * This node's services, built by the first caller. They are kept per config they are built from (a digest of
   * {@code crypto} and the settings), so a verticle deployed with other keys does not get this node's.
   */
  public static NodeServices of(Vertx vertx, JsonObject config) {
    LocalMap<String, NodeServices> map = vertx.sharedData().getLocalMap(KEY);
    CredentialSettings settings = CredentialSettings.fromConfig(config);
    JsonObject crypto = config.getJsonObject("crypto");
    return map.computeIfAbsent(digest(crypto.encode() + "|" + settings), k ->
        new NodeServices(crypto.getJsonArray("keys").isEmpty() ? null : new TokenCipher(KeyRing.fromConfig(config)), settings));
  }

  private static String digest(String s) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  public CredentialSettings settings() {
    return settings;
  }

  /** The credentials component on {@code pg}. */
  public Credentials credentials(Pool pg) {
    return new Credentials(pg, cipher, settings);
  }
}
