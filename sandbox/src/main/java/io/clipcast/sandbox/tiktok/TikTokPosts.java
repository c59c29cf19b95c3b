package io.clipcast.sandbox.tiktok;

import io.clipcast.sandbox.kit.Ledger;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/** Every post initialised on the simulated TikTok, and its processing once the bytes are in (docs/platforms/tiktok.md, "Sandbox control routes"). */
final class TikTokPosts {
  private static final AtomicLong VIDEO_IDS = new AtomicLong(7_412_345_678_901_000_000L + ThreadLocalRandom.current().nextInt(1_000_000) * 100L);

  private final Vertx vertx;
  private final Ledger ledger;
  private final TikTokSettings settings;
  private final TikTokAccounts accounts;
  private final Map<String, TikTokPost> byId = new ConcurrentHashMap<>();

  TikTokPosts(Vertx vertx, Ledger ledger, TikTokSettings settings, TikTokAccounts accounts) {
    this.vertx = vertx;
    this.ledger = ledger;
    this.settings = settings;
    this.accounts = accounts;
  }

  TikTokPost add(TikTokPost p) {
    byId.put(p.publishId, p);
    return p;
  }

  Optional<TikTokPost> get(String publishId) {
    return publishId == null ? Optional.empty() : Optional.ofNullable(byId.get(publishId));
  }

  Optional<TikTokPost> byUploadToken(String token) {
    return token == null ? Optional.empty() : byId.values().stream().filter(p -> token.equals(p.uploadToken)).findFirst();
  }

  /** Posts the creator started in the last 24 h that TikTok did not refuse (the daily cap counts these). */
  long postsInLastDay(String openId) {
    Instant since = Instant.now().minus(Duration.ofDays(1));
    return byId.values().stream().filter(p -> p.openId.equals(openId) && p.createdAt.isAfter(since)).count();
  }

  /** Distinct creators who posted through {@code clientKey} in the last 24 h (unaudited apps: at most 5). */
  long postersInLastDay(String clientKey, String except) {
    Instant since = Instant.now().minus(Duration.ofDays(1));
    return byId.values().stream().filter(p -> p.clientKey.equals(clientKey) && p.createdAt.isAfter(since) && !p.openId.equals(except))
        .map(p -> p.openId).distinct().count();
  }

  /** The creator's published public videos, newest first: all that scope video.list reads (docs/platforms/tiktok.md, "Statistics"). */
  List<TikTokPost> publicVideosOf(String openId) {
    return byId.values().stream().filter(p -> p.openId.equals(openId) && p.videoId != null && p.privacyLevel.equals("PUBLIC_TO_EVERYONE"))
        .sorted((a, b) -> b.completedAt.compareTo(a.completedAt)).toList();
  }

  /** All bytes are in ({@code sha256} of {@code bytes}): process, then publish or fail. */
  void received(TikTokPost p, long bytes, String sha256, boolean fail) {
    synchronized (p) {
      p.bytes = bytes;
      p.sha256 = sha256;
    }
    vertx.setTimer(Math.max(1, settings.processingMs), t -> finish(p, fail ? settings.processingFailReason : null));
  }

  void fail(TikTokPost p, String reason) {
    synchronized (p) {
      p.status = "FAILED";
      p.failReason = reason;
    }
  }

  private void finish(TikTokPost p, String failReason) {
    if (failReason != null) {
      fail(p, failReason);
      return;
    }
    synchronized (p) {
      if (!p.status.startsWith("PROCESSING")) return;
      p.videoId = VIDEO_IDS.incrementAndGet();
      p.completedAt = Instant.now();
      p.status = "PUBLISH_COMPLETE";
    }
    TikTokAccounts.Creator c = accounts.creator(p.openId);
    ledger.record("tiktok", p.openId, Long.toString(p.videoId), p.title, null, p.bytes, p.sha256, new JsonObject()
        .put("publishId", p.publishId).put("source", p.source).put("privacyLevel", p.privacyLevel).put("username", c.username())
        .put("postInfo", p.postInfo.copy()));
  }

  /** Counters that grow with the video's age, so repeated stats reads see progress. */
  static JsonObject counters(TikTokPost p) {
    long age = Math.max(0, Duration.between(p.completedAt, Instant.now()).toSeconds());
    long views = 100 + age * 7;
    return new JsonObject().put("view_count", views).put("like_count", views / 10).put("comment_count", views / 50)
        .put("share_count", views / 100);
  }

  static String hex(byte[] digest) {
    return HexFormat.of().formatHex(digest);
  }
}
