package io.clipcast.crypto;

import io.clipcast.config.ConfigException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The AES-256 keys for platform tokens, by id: one active key encrypts, every listed key decrypts, so a
 * rotation adds a key, makes it active, re-encrypts in the background and only then drops the old one.
 * Entries come from {@code crypto.keys} as {@code "keyId:base64(32 bytes)"}. Key material never appears in
 * messages or {@link #toString()}.
 */
public final class KeyRing {
  static final Pattern KEY_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");
  private static final int KEY_BYTES = 32;
  private static final String GENERATE_HINT = " Generate a key with: echo \"k1:$(openssl rand -base64 32)\".";

  private final Map<String, SecretKey> keys;
  private final String activeKeyId;

  private KeyRing(Map<String, SecretKey> keys, String activeKeyId) {
    this.keys = keys;
    this.activeKeyId = activeKeyId;
  }

  /** Reads {@code crypto.keys} and {@code crypto.activeKeyId} from the node config. */
  public static KeyRing fromConfig(JsonObject config) {
    JsonObject crypto = config.getJsonObject("crypto");
    JsonArray entries = crypto.getJsonArray("keys");
    for (Object e : entries) {
      if (!(e instanceof String)) {
        throw new ConfigException("crypto.keys", "Config key 'crypto.keys' must list strings \"keyId:base64\", found a "
            + (e == null ? "null" : e.getClass().getSimpleName()) + "." + GENERATE_HINT);
      }
    }
    @SuppressWarnings("unchecked")
    List<String> list = (List<String>) (List<?>) entries.getList();
    return of(crypto.getString("activeKeyId"), list);
  }

  /**
   * @param activeKeyId the id new ciphertexts are made with; must be one of the entries
   * @param entries     {@code "keyId:base64"}, the base64 decoding to exactly 32 bytes
   */
  public static KeyRing of(String activeKeyId, List<String> entries) {
    if (entries.isEmpty()) {
      throw new ConfigException("crypto.keys", "Config key 'crypto.keys' is empty: platform tokens are stored encrypted"
          + " and need at least one AES-256 key, listed as \"keyId:base64\" (CLIPCAST_CRYPTO_KEYS), with crypto.activeKeyId"
          + " naming it (CLIPCAST_CRYPTO_ACTIVE_KEY_ID)." + GENERATE_HINT);
    }
    Map<String, SecretKey> keys = new LinkedHashMap<>();
    for (int i = 0; i < entries.size(); i++) {
      String entry = entries.get(i).trim();
      int colon = entry.indexOf(':');
      String where = "Config key 'crypto.keys' entry " + (i + 1);
      if (colon < 0) {
        throw new ConfigException("crypto.keys", where + " must be \"keyId:base64\"; it has no ':'." + GENERATE_HINT);
      }
      String id = entry.substring(0, colon);
      if (!KEY_ID.matcher(id).matches()) {
        throw new ConfigException("crypto.keys", where + " has key id '" + id
            + "'; ids are 1-64 characters of A-Z a-z 0-9 . _ -.");
      }
      byte[] material;
      try {
        material = Base64.getDecoder().decode(entry.substring(colon + 1).trim());
      } catch (IllegalArgumentException e) {
        throw new ConfigException("crypto.keys", where + " (key id '" + id + "') is not valid base64." + GENERATE_HINT);
      }
      if (material.length != KEY_BYTES) {
        throw new ConfigException("crypto.keys", where + " (key id '" + id + "') decodes to " + material.length
            + " bytes; AES-256 needs exactly 32." + GENERATE_HINT);
      }
      if (keys.put(id, new SecretKeySpec(material, "AES")) != null) {
        throw new ConfigException("crypto.keys", where + " repeats key id '" + id + "'; each id names one key.");
      }
    }
    if (activeKeyId == null || !keys.containsKey(activeKeyId)) {
      throw new ConfigException("crypto.activeKeyId", "Config key 'crypto.activeKeyId' is '" + (activeKeyId == null ? "" : activeKeyId)
          + "' but must name one of the keys in crypto.keys: " + keys.keySet() + ".");
    }
    return new KeyRing(Collections.unmodifiableMap(keys), activeKeyId);
  }

  /** A fresh {@code "keyId:base64"} entry with 32 random bytes, for setup scripts and tests. */
  public static String newEntry(String keyId) {
    if (!KEY_ID.matcher(keyId).matches()) {
      throw new IllegalArgumentException("key id '" + keyId + "' must be 1-64 characters of A-Z a-z 0-9 . _ -");
    }
    byte[] material = new byte[KEY_BYTES];
    new SecureRandom().nextBytes(material);
    return keyId + ":" + Base64.getEncoder().encodeToString(material);
  }

  public String activeKeyId() {
    return activeKeyId;
  }

  public Set<String> keyIds() {
    return keys.keySet();
  }

  /** The key with this id, or null. */
  SecretKey key(String keyId) {
    return keys.get(keyId);
  }

  @Override
  public String toString() {
    return "KeyRing[active=" + activeKeyId + ", keys=" + keys.keySet() + "]";
  }
}
