package io.clipcast.sandbox.youtube;

import java.time.Duration;
import java.time.Instant;
import java.util.Deque;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;

/** Every video uploaded to the simulated YouTube, and when each channel started its uploads (for the 24 h upload cap). */
final class YouTubeVideos {
  private final Map<String, YouTubeVideo> videos = new ConcurrentHashMap<>();
  private final Map<String, Deque<Instant>> insertsByChannel = new ConcurrentHashMap<>();

  void put(YouTubeVideo v) {
    videos.put(v.id(), v);
  }

  /** Whether {@code channelId} already has a video with these bytes (that YouTube did not reject). */
  boolean hasFile(String channelId, String sha256) {
    return videos.values().stream().anyMatch(v -> v.channel().id().equals(channelId) && v.sha256().equals(sha256) && v.rejectionReason() == null);
  }

  Optional<YouTubeVideo> get(String id) {
    return Optional.ofNullable(videos.get(id));
  }

  /** Counts an upload against {@code channelId}'s rolling 24 h cap; false (nothing counted) when the cap is reached. */
  boolean startUpload(String channelId, int capPer24h) {
    Deque<Instant> starts = insertsByChannel.computeIfAbsent(channelId, k -> new ConcurrentLinkedDeque<>());
    synchronized (starts) {
      Instant dayAgo = Instant.now().minus(Duration.ofHours(24));
      starts.removeIf(t -> t.isBefore(dayAgo));
      if (capPer24h > 0 && starts.size() >= capPer24h) return false;
      starts.add(Instant.now());
      return true;
    }
  }

  void forgetUploadCounts() {
    insertsByChannel.clear();
  }

  /** An 11-character video id in YouTube's alphabet. */
  static String newId() {
    return GoogleTokens.random(9).substring(0, 11);
  }
}
