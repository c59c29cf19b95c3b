package io.clipcast.platforms.catalog;

import java.util.Map;

/**
 * {@code connection}: for clients, what a connection of this platform stands for, what its metadata holds, which
 * per-target options it takes and how its tokens are renewed. Text only; no code acts on it.
 */
public record ConnectionNotes(String account, String metadata, Map<String, String> targetOptions, String refresh) {

  static ConnectionNotes read(JsonFields f) {
    ConnectionNotes c = new ConnectionNotes(f.string("account"), f.string("metadata"), f.stringMap("targetOptions"), f.string("refresh"));
    f.end();
    return c;
  }
}
