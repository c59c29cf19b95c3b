package io.clipcast.config;

/** A configuration problem a person can fix; the message names the key and says what is wrong. */
public class ConfigException extends RuntimeException {
  private final String key;

  public ConfigException(String key, String message) {
    super(message);
    this.key = key;
  }

  /** The dotted config key (or environment variable) at fault. */
  public String key() {
    return key;
  }
}
