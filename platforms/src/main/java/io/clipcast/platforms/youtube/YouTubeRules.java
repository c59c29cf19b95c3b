package io.clipcast.platforms.youtube;


import io.clipcast.platforms.catalog.DailyQuota;
import io.clipcast.platforms.catalog.PlatformRules;
import io.clipcast.platforms.catalog.ShortsRules;
import io.clipcast.platforms.catalog.UploadRules;
import java.time.ZoneId;

/**
 * YouTube's view of its catalog rules: the quota model ({@code dailyQuota.model}: {@code uploads} = its own bucket of
 * videos.insert calls, {@code units} = inserts cost units of the general bucket), the chunk size (a multiple of
 * 256 KiB, checked by the catalog), how often an interrupted upload is resumed within one attempt, and the Shorts rules.
 */
record YouTubeRules(String quotaModel, long uploadsPerDay, long unitsPerDay, long insertCost, long readCost, ZoneId resetZone,
                    long resumeAfterResetSeconds, long chunkBytes, int resumesPerAttempt, long resumeBackoffMs,
                    String hashtag, double maxDurationSec, boolean verticalOrSquare, String defaultPrivacy,
                    String defaultCategoryId) {

  static YouTubeRules from(PlatformRules rules) {
    DailyQuota quota = rules.dailyQuota().filter(q -> q.model() != null && q.resetZone() != null)
        .orElseThrow(() -> new IllegalStateException("youtube rules need dailyQuota.model and dailyQuota.resetZone"));
    UploadRules upload = rules.upload().orElseThrow(() -> new IllegalStateException("youtube rules need an upload block"));
    ShortsRules shorts = rules.shorts().orElseThrow(() -> new IllegalStateException("youtube rules need a shorts block"));
    DailyQuota.QuotaModel m = quota.chosen();
    return new YouTubeRules(quota.model(), orZero(m.uploadsPerDay()), m.unitsPerDay(), orZero(m.insertCost()), m.readCost(),
        quota.resetZone(), quota.resumeAfterResetSeconds() == null ? 60L : quota.resumeAfterResetSeconds(), upload.chunkBytes(),
        upload.resumesPerAttempt(), upload.resumeBackoffMs(), shorts.hashtag(),
        shorts.maxDurationSec(), shorts.verticalOrSquare(), shorts.defaultPrivacy(), shorts.defaultCategoryId());
  }

  private static long orZero(Long v) {
    return v == null ? 0 : v;
  }
}
