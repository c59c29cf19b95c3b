package io.clipcast.sandbox.youtube;

import io.clipcast.sandbox.kit.Fault;
import io.vertx.core.json.JsonObject;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Set;

/**
 * One resumable upload session (the {@code upload_id} of its session URI): the metadata sent at the start, the declared
 * size, the bytes committed so far (whole requests only: an interrupted request commits nothing, and the next
 * {@code bytes *}{@code /TOTAL} probe says where to go on) and their running SHA-256. Transfer faults drawn by one PUT
 * ({@code reset} after N bytes of the upload, {@code processing_failure}) stay with the session until the upload
 * reaches them, so "reset after N bytes" means N bytes of the file, whatever the chunking.
 */
final class UploadSession {
  final String id;
  final YouTubeChannels.Channel channel;
  final String project;
  final Set<String> parts;
  final JsonObject snippet;
  final JsonObject status;
  final Instant expiresAt;
  long committed;
  Long total;
  MessageDigest digest = sha256();
  String videoId;
  boolean receiving;
  Fault pendingReset;
  boolean failsProcessing;

  UploadSession(String id, YouTubeChannels.Channel channel, String project, Set<String> parts, JsonObject snippet, JsonObject status,
                Long total, Instant expiresAt) {
    this.id = id;
    this.channel = channel;
    this.project = project;
    this.parts = parts;
    this.snippet = snippet;
    this.status = status;
    this.total = total;
    this.expiresAt = expiresAt;
  }

  boolean complete() {
    return videoId != null;
  }

  boolean expired() {
    return Instant.now().isAfter(expiresAt);
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
