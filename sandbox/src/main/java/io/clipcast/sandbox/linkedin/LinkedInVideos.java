package io.clipcast.sandbox.linkedin;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Videos created by {@code initializeUpload}: the owner, the parts (byte ranges, each with its own pre-signed URL), the
 * ETags of the parts received so far, and the processing state. Parts must arrive in order; the file's SHA-256 is built
 * up part by part (the digest after each part is kept, so a part sent again replaces itself without re-reading earlier
 * ones). After {@code finalizeUpload} the video is {@code PROCESSING} for {@code processingMs}, then {@code AVAILABLE}
 * (or {@code PROCESSING_FAILED} when a {@code processing_failure} fault was drawn).
 */
final class LinkedInVideos {
  static final String WAITING_UPLOAD = "WAITING_UPLOAD";
  static final String PROCESSING = "PROCESSING";
  static final String AVAILABLE = "AVAILABLE";
  static final String PROCESSING_FAILED = "PROCESSING_FAILED";

  static final class Part {
    final int index;
    final long firstByte;
    final long lastByte;
    final String signature;
    String etag;
    int accepted;                    // how often this part was taken (a resumed upload must not send it again)
    MessageDigest fileDigestAfter;   // SHA-256 of the file from byte 0 through this part

    Part(int index, long firstByte, long lastByte, String signature) {
      this.index = index;
      this.firstByte = firstByte;
      this.lastByte = lastByte;
      this.signature = signature;
    }

    long length() {
      return lastByte - firstByte + 1;
    }
  }

  static final class Video {
    final String id;
    final String owner;
    final long size;
    final String uploadToken;
    final long urlsExpireAtMs;
    final List<Part> parts;
    int received;                    // parts 0..received-1 are uploaded, in order
    String status = WAITING_UPLOAD;
    long processedAtMs;
    String failureReason;            // set at finalize when processing will fail
    String sha256;
    String postUrn;                  // the post that uses it (a video is posted once)

    Video(String id, String owner, long size, String uploadToken, long urlsExpireAtMs, List<Part> parts) {
      this.id = id;
      this.owner = owner;
      this.size = size;
      this.uploadToken = uploadToken;
      this.urlsExpireAtMs = urlsExpireAtMs;
      this.parts = parts;
    }

    String urn() {
      return "urn:li:video:" + id;
    }

    /** What the control API shows of the upload: per part its range, ETag and how often it was taken. */
    synchronized JsonObject toJson() {
      JsonArray ps = new JsonArray();
      parts.forEach(p -> ps.add(new JsonObject().put("index", p.index).put("firstByte", p.firstByte)
          .put("lastByte", p.lastByte).put("etag", p.etag).put("accepted", p.accepted)));
      return new JsonObject().put("video", urn()).put("owner", owner).put("status", status()).put("size", size)
          .put("sha256", sha256).put("post", postUrn).put("parts", ps);
    }

    /** The status now: processing ends by itself once its time has passed. */
    synchronized String status() {
      if (status.equals(PROCESSING) && System.currentTimeMillis() >= processedAtMs) {
        status = failureReason == null ? AVAILABLE : PROCESSING_FAILED;
      }
      return status;
    }

    /** The digest to continue from when part {@code index} arrives: the file through the previous part. */
    synchronized MessageDigest digestBefore(int index) {
      try {
        return index == 0 ? MessageDigest.getInstance("SHA-256") : (MessageDigest) parts.get(index - 1).fileDigestAfter.clone();
      } catch (NoSuchAlgorithmException | CloneNotSupportedException e) {
        throw new IllegalStateException(e);
      }
    }

    /** Records part {@code index}; a part sent again with other bytes invalidates the parts after it. */
    synchronized void partReceived(int index, String etag, MessageDigest fileDigestAfter) {
      Part p = parts.get(index);
      boolean changed = p.etag != null && !p.etag.equals(etag);
      p.etag = etag;
      p.accepted++;
      p.fileDigestAfter = fileDigestAfter;
      if (changed) {
        for (int i = index + 1; i < parts.size(); i++) parts.get(i).etag = null;
        received = index + 1;
      } else {
        received = Math.max(received, index + 1);
      }
    }

    /** Moves to PROCESSING; the file's hash is final. */
    synchronized void finalizeUpload(long processingMs, String failureReason) {
      try {
        MessageDigest d = (MessageDigest) parts.get(parts.size() - 1).fileDigestAfter.clone();
        sha256 = HexFormat.of().formatHex(d.digest());
      } catch (CloneNotSupportedException e) {
        throw new IllegalStateException(e);
      }
      this.failureReason = failureReason;
      status = PROCESSING;
      processedAtMs = System.currentTimeMillis() + processingMs;
    }
  }

  private final Map<String, Video> byId = new ConcurrentHashMap<>();

  Video create(String owner, long size, long partSize, long urlTtlMs) {
    String id = "D4" + LinkedInTokens.random(17).replace('_', 'x');
    List<Part> parts = new ArrayList<>();
    for (long first = 0; first < size; first += partSize) {
      parts.add(new Part(parts.size(), first, Math.min(size, first + partSize) - 1, LinkedInTokens.random(40)));
    }
    // a single-part upload needs no token; a multipart one names its upload session
    String uploadToken = parts.size() > 1 ? LinkedInTokens.random(32) : "";
    Video v = new Video(id, owner, size, uploadToken, System.currentTimeMillis() + urlTtlMs, List.copyOf(parts));
    byId.put(id, v);
    return v;
  }

  Optional<Video> byId(String id) {
    return Optional.ofNullable(byId.get(id));
  }

  Optional<Video> byUrn(String urn) {
    return urn != null && urn.startsWith("urn:li:video:") ? byId(urn.substring("urn:li:video:".length())) : Optional.empty();
  }
}
