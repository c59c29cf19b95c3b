package io.clipcast.platforms.resume;

import io.clipcast.platforms.ErrorKind;
import io.clipcast.platforms.PlatformFailure;
import io.clipcast.platforms.ResumeState;
import io.clipcast.platforms.dzen.DzenResume;
import io.clipcast.platforms.facebook.FbResume;
import io.clipcast.platforms.instagram.IgResume;
import io.clipcast.platforms.linkedin.LinkedInResume;
import io.clipcast.platforms.rutube.RutubeResume;
import io.clipcast.platforms.telegram.TelegramResume;
import io.clipcast.platforms.tiktok.TikTokResume;
import io.clipcast.platforms.tiktok.blotato.BlotatoResume;
import io.clipcast.platforms.vk.VkResume;
import io.clipcast.platforms.youtube.YouTubeResume;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Rows saved before resume state was typed (no version key, written as merged deltas, with the pipeline's pending
 * details beside them) load as version 1 with every field they held, and a record written now reads back the same.
 */
class OldRowsLoadTest {
  /** One upload_state per connector, as the publishers before versions saved them (mid-flight, with pending detail keys). */
  private static final Map<String, JsonObject> OLD_ROWS = Map.of(
      "vk", new JsonObject().put("videoId", 456239017L).put("ownerId", -7007L).put("accessKey", "k1").put("uploadUrl", "https://vk/u")
          .put("uploaded", true).put("groupId", 7007L).put("postRequestedAt", 1700000000000L),
      "rutube", new JsonObject().put("createRequestedAt", 1700000000000L).put("videoId", "0a1b").put("status", "processing"),
      "dzen", new JsonObject().put("feedSince", 1700000000000L).put("waitingFor", "feedFetch"),
      "telegram", new JsonObject().put("sendStarted", true).put("chatId", "-1001234567890").put("requestSent", true),
      "youtube", new JsonObject().put("sessionUri", "https://yt/s/1").put("total", 1234L).putNull("quotaHold")
          .put("sessionStartedAt", 1700000000000L).put("expiredSession", "https://yt/s/0"),
      "tiktok", new JsonObject().put("initRequestedAt", 1700000000000L).put("source", "FILE_UPLOAD").put("privacyLevel", "SELF_ONLY")
          .put("username", "c").put("publishId", "v_pub_file~1").put("uploadUrl", "https://tt/u").put("uploaded", false)
          .put("videoSize", 1234L).put("chunkSize", 1234L).put("totalChunks", 1).put("status", "PROCESSING_UPLOAD"),
      "blotato", new JsonObject().put("submitRequestedAt", 1700000000000L).put("route", "blotato").put("postSubmissionId", "s-1"),
      "facebook", new JsonObject().put("videoId", "9").put("uploadUrl", "https://fb/u").put("uploaded", true).put("finished", false)
          .put("finishRequestedAt", 1700000000000L),
      "instagram", new JsonObject().put("containerId", "c1").put("uploadUri", "https://ig/u").put("mode", "resumable").put("uploaded", true)
          .putNull("publishRequestedAt").put("status", "IN_PROGRESS"),
      "linkedin", new JsonObject().put("videoUrn", "urn:li:video:1").put("owner", "urn:li:person:1").put("uploadToken", "")
          .put("uploadUrlsExpireAt", 1700000000000L).put("parts", new JsonArray().add(new JsonObject().put("url", "https://li/p1")
              .put("firstByte", 0L).put("lastByte", 9L))).put("etags", new JsonArray().add("e1")).put("finalizeRequested", true)
          .put("finalized", false));

  private static final Map<String, Function<JsonObject, ? extends ResumeState>> READERS = Map.of(
      "vk", VkResume::from, "rutube", RutubeResume::from, "dzen", DzenResume::from, "telegram", TelegramResume::from,
      "youtube", YouTubeResume::from, "tiktok", TikTokResume::from, "blotato", BlotatoResume::from, "facebook", FbResume::from,
      "instagram", IgResume::from, "linkedin", LinkedInResume::from);

  @Test
  void everyOldRowLoadsAsVersionOneWithItsFields() {
    assertEquals(READERS.keySet(), OLD_ROWS.keySet());
    READERS.forEach((platform, read) -> {
      JsonObject old = OLD_ROWS.get(platform);
      ResumeState state = read.apply(old);
      assertEquals(1, state.version(), platform);
      JsonObject written = state.toJson();
      assertEquals(1, written.getInteger(ResumeState.VERSION_KEY), platform);
      old.forEach(e -> {
        // compared as text: Telegram's chat id was saved as text before the send and as a number after it; both read the same
        if (written.containsKey(e.getKey())) {
          assertEquals(String.valueOf(e.getValue()), String.valueOf(written.getValue(e.getKey())), platform + "." + e.getKey());
        }
      });
      // what a record writes, merged into the stored row (as the pipeline does), reads back as the same record
      assertEquals(state, read.apply(old.copy().mergeIn(written)), platform);
      assertEquals(state, read.apply(written), platform);
    });
  }

  @Test
  void theRecordsKeepEveryKeyTheOldRowsHad() {
    // keys beside the record are the pipeline's pending details (status, waitingFor), never resume state
    Map<String, java.util.Set<String>> details = Map.of("rutube", java.util.Set.of("status"), "dzen", java.util.Set.of("waitingFor"),
        "tiktok", java.util.Set.of("status"), "instagram", java.util.Set.of("status"));
    READERS.forEach((platform, read) -> {
      JsonObject written = read.apply(OLD_ROWS.get(platform)).toJson();
      for (String key : OLD_ROWS.get(platform).fieldNames()) {
        if (details.getOrDefault(platform, java.util.Set.of()).contains(key)) continue;
        assertEquals(true, written.containsKey(key), platform + " keeps " + key);
      }
    });
  }

  @Test
  void anEmptyRowIsTheFirstAttemptAndARowFromANewerNodeIsNotGuessedAt() {
    READERS.forEach((platform, read) -> assertEquals(1, read.apply(new JsonObject()).version(), platform));
    READERS.forEach((platform, read) -> assertEquals(1, read.apply(null).version(), platform));
    PlatformFailure newer = assertInstanceOf(PlatformFailure.class,
        assertThrows(PlatformFailure.class, () -> VkResume.from(new JsonObject().put(ResumeState.VERSION_KEY, 2).put("videoId", 1L))));
    assertEquals(ErrorKind.RETRYABLE, newer.kind());
  }
}
