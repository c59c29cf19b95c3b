package io.clipcast.platforms.tiktok;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The FILE_UPLOAD chunk plan against docs/platforms/tiktok.md's rules, and the simulator's init accepting every plan. */
class ChunkPlanTest {
  private static final long MIB = 1024 * 1024;
  private static TikTokSandboxFixture fx;

  @BeforeAll
  static void start() {
    fx = new TikTokSandboxFixture();
    fx.control("/tiktok/_sandbox/settings", new JsonObject().put("initPerMinute", 0).put("dailyPostCap", 1000).put("audited", true));
  }

  @AfterAll
  static void stop() throws Exception {
    fx.close();
  }

  @Test
  void smallFilesGoAsOneChunk() {
    for (long size : List.of(1L, 5 * MIB - 1, 5 * MIB, 5_000_000L, 64_000_000L)) {
      ChunkPlan p = ChunkPlan.of(size);
      assertEquals(new ChunkPlan(size, size, 1), p, "size " + size);
    }
  }

  @Test
  void largerFilesAreCutWithinTheRules() {
    for (long size : List.of(64_000_001L, 64 * MIB, 100_000_000L, 127_999_999L, 128_000_000L, 128 * MIB + 1, 600 * MIB,
        1024 * MIB + 7, 4096 * MIB)) {
      ChunkPlan p = ChunkPlan.of(size);
      assertTrue(p.totalChunks() >= 2 && p.totalChunks() <= 1000, size + ": " + p);
      assertEquals(size / p.chunkSize(), p.totalChunks(), "total_chunk_count = floor(video_size / chunk_size): " + p);
      assertTrue(p.chunkSize() >= 5 * MIB && p.chunkSize() <= 64_000_000L, "chunks 5 MiB..64 MB: " + p);
      long last = p.length(p.totalChunks() - 1);
      assertTrue(last >= p.chunkSize() && last < 128_000_000L, "the last chunk absorbs the rest, under 128 MB: " + p + " last " + last);
      long sum = 0;
      for (int i = 0; i < p.totalChunks(); i++) {
        assertEquals(sum, p.start(i));
        sum += p.length(i);
      }
      assertEquals(size, sum, "chunks cover the file exactly");
    }
    assertEquals(new ChunkPlan(600 * MIB, 64_000_000L, 9), ChunkPlan.of(600 * MIB));
  }

  @Test
  void emptyAndOversizedFilesAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> ChunkPlan.of(0));
    assertThrows(IllegalArgumentException.class, () -> ChunkPlan.of(4096 * MIB + 1));
  }

  @Test
  void theSimulatorAcceptsEveryPlanAndRefusesBrokenOnes() {
    String token = fx.account(new JsonObject().put("open_id", "plan-creator").put("username", "planner")).accessToken();
    for (long size : List.of(1L, 5 * MIB, 64_000_000L, 64_000_001L, 127_999_999L, 600 * MIB, 4096 * MIB)) {
      ChunkPlan p = ChunkPlan.of(size);
      JsonObject r = init(token, p.videoSize(), p.chunkSize(), p.totalChunks());
      assertEquals("ok", r.getJsonObject("error").getString("code"), size + ": " + r);
      assertTrue(r.getJsonObject("data").getString("upload_url").contains("upload_token="));
    }
    JsonObject wrongCount = init(token, 600 * MIB, 64_000_000L, 10);
    assertEquals("invalid_params", wrongCount.getJsonObject("error").getString("code"));
    assertTrue(wrongCount.getJsonObject("error").getString("message").contains("floor"), wrongCount.encode());
    assertEquals("invalid_params", init(token, 600 * MIB, 4 * MIB, 150).getJsonObject("error").getString("code"), "chunks under 5 MB");
    assertEquals("invalid_params", init(token, 100 * MIB, 100 * MIB, 1).getJsonObject("error").getString("code"), "over 64 MB in one chunk");
    assertEquals("invalid_params", init(token, 3 * MIB, MIB, 3).getJsonObject("error").getString("code"), "under 5 MB must be one chunk");
  }

  private static JsonObject init(String token, long size, long chunk, long count) {
    return fx.web.postAbs(fx.base + "/tiktok/api/v2/post/publish/video/init/").putHeader("Authorization", "Bearer " + token)
        .putHeader("Content-Type", "application/json; charset=UTF-8")
        .sendBuffer(new JsonObject().put("post_info", new JsonObject().put("title", "plan").put("privacy_level", "SELF_ONLY"))
            .put("source_info", new JsonObject().put("source", "FILE_UPLOAD").put("video_size", size).put("chunk_size", chunk)
                .put("total_chunk_count", count)).toBuffer()).await().bodyAsJsonObject();
  }
}
