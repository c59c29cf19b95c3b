package io.clipcast.storage;

/**
 * A clip as stored: its key, its size in bytes and the SHA-256 (hex) of its bytes, computed while they
 * streamed through (so the {@code clips} row gets its checksum without a second read).
 */
public record StoredObject(String key, long size, String sha256) {
}
