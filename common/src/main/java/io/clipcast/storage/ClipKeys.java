package io.clipcast.storage;

import java.util.regex.Pattern;

/**
 * The rule for storage keys, the same for every store: 1-512 characters of {@code A-Z a-z 0-9 / _ . -},
 * segments separated by single slashes, none empty and none starting with a dot. That rules out {@code ..},
 * absolute paths and hidden names, so a key can never leave the store's root, and the local store's
 * {@code .partial/} folder can never be named by a key.
 */
public final class ClipKeys {
  public static final int MAX_LENGTH = 512;
  private static final Pattern ALLOWED = Pattern.compile("[A-Za-z0-9/_.-]+");

  private ClipKeys() {}

  /** Returns the key if valid; otherwise throws {@link InvalidClipKeyException} saying what is wrong. */
  public static String check(String key) {
    if (key == null || key.isEmpty()) {
      throw new InvalidClipKeyException("A storage key must not be empty.");
    }
    if (key.length() > MAX_LENGTH) {
      throw new InvalidClipKeyException("Storage key is " + key.length() + " characters long; at most " + MAX_LENGTH + " are allowed.");
    }
    if (!ALLOWED.matcher(key).matches()) {
      throw new InvalidClipKeyException("Storage key '" + printable(key) + "' may only contain A-Z a-z 0-9 / _ . -");
    }
    if (key.contains("..")) {
      throw new InvalidClipKeyException("Storage key '" + key + "' must not contain '..'.");
    }
    if (key.startsWith("/") || key.endsWith("/") || key.contains("//")) {
      throw new InvalidClipKeyException("Storage key '" + key + "' must not start or end with '/' or contain an empty segment.");
    }
    for (String segment : key.split("/")) {
      if (segment.startsWith(".")) {
        throw new InvalidClipKeyException("Storage key '" + key + "' has segment '" + segment + "'; segments must not start with '.'.");
      }
    }
    return key;
  }

  private static String printable(String key) {
    String shown = key.length() > 80 ? key.substring(0, 80) + "…" : key;
    return shown.replaceAll("[^\\x20-\\x7e]", "?");
  }
}
