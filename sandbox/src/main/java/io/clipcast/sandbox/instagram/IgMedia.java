package io.clipcast.sandbox.instagram;

import java.time.Instant;

/** A published reel: its id, shortcode and when it went live (counters grow with time, so stats polls see change). */
record IgMedia(String id, String igUserId, String containerId, String shortcode, String caption, long bytes, String sha256,
               Instant publishedAt) {
  String permalink() {
    return "https://www.instagram.com/reel/" + shortcode + "/";
  }

  long ageSeconds() {
    return Math.max(0, Instant.now().getEpochSecond() - publishedAt.getEpochSecond());
  }
}
