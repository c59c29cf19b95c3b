package io.clipcast.media;

import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static io.clipcast.media.Fixtures.media;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Real files made by ffmpeg (committed, so the suite needs no ffmpeg), probed end to end. */
class MediaProbeTest {
  private static Vertx vertx;

  @TempDir
  Path tmp;

  @BeforeAll
  static void startVertx() {
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void closeVertx() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private static ProbeResult probe(String fixture) throws Exception {
    return MediaProbe.probeBlocking(media(fixture));
  }

  private static ClipRejectedException rejected(Path file) {
    return assertThrows(ClipRejectedException.class, () -> MediaProbe.probeBlocking(file));
  }

  @Test
  void portraitH264AacWithMoovFirst() throws Exception {
    ProbeResult r = probe("portrait_h264_aac_faststart.mp4");
    assertEquals(new ProbeResult("mp4", "isom", "h264", "avc1", "aac", "mp4a", 2000, 1080, 1920, 0,
        1080, 1920, 0.5625, 30.0), r);
    assertTrue(r.hasAudio());
    assertTrue(r.isPortrait());
  }

  @Test
  void moovAfterTheMediaDataReadsTheSame() throws Exception {
    ProbeResult r = probe("portrait_h264_aac_moov_at_end.mp4");
    assertEquals(new ProbeResult("mp4", "isom", "h264", "avc1", "aac", "mp4a", 2000, 1080, 1920, 0,
        1080, 1920, 0.5625, 30.0), r);
  }

  @Test
  void phonePortraitIsALandscapeStreamTurnedClockwise() throws Exception {
    ProbeResult r = probe("landscape_rotate90.mp4");
    assertEquals(1920, r.width(), "coded size stays as recorded");
    assertEquals(1080, r.height());
    assertEquals(90, r.rotation());
    assertEquals(1080, r.displayWidth(), "what a viewer sees is portrait");
    assertEquals(1920, r.displayHeight());
    assertEquals(0.5625, r.aspectRatio());
    assertTrue(r.isPortrait());
    assertEquals(29.97, r.frameRate(), "30000/1001 to 3 decimals");
    assertEquals(2002, r.durationMs());
  }

  @Test
  void upsideDownAndCounterClockwiseTurns() throws Exception {
    ProbeResult upsideDown = probe("rotate180.mp4");
    assertEquals(180, upsideDown.rotation());
    assertEquals(320, upsideDown.displayWidth(), "a half turn keeps the shape");
    assertEquals(180, upsideDown.displayHeight());

    ProbeResult turned = probe("rotate270.mp4");
    assertEquals(270, turned.rotation());
    assertEquals(180, turned.displayWidth());
    assertEquals(320, turned.displayHeight());
    assertEquals(25.0, turned.frameRate());
    assertEquals(1000, turned.durationMs());
    assertFalse(turned.hasAudio());
  }

  @Test
  void hevcKeepsItsSampleEntryCode() throws Exception {
    ProbeResult r = probe("portrait_hevc_hvc1.mp4");
    assertEquals("hevc", r.videoCodec());
    assertEquals("hvc1", r.videoFourcc(), "Apple players need hvc1, so the code is reported as well as the family");
    assertEquals("aac", r.audioCodec());
    assertEquals(1080, r.displayWidth());
    assertEquals(1920, r.displayHeight());
  }

  @Test
  void vp9WithOpus() throws Exception {
    ProbeResult r = probe("vp9_opus.mp4");
    assertEquals("vp9", r.videoCodec());
    assertEquals("vp09", r.videoFourcc());
    assertEquals("opus", r.audioCodec());
    assertEquals("Opus", r.audioFourcc());
    assertEquals(720, r.width());
    assertEquals(1280, r.height());
    assertEquals(2000, r.durationMs());
  }

  @Test
  void av1WithoutSound() throws Exception {
    ProbeResult r = probe("av1_video_only.mp4");
    assertEquals("av1", r.videoCodec());
    assertNull(r.audioCodec());
    assertNull(r.audioFourcc());
    assertFalse(r.hasAudio());
    assertEquals(24.0, r.frameRate());
    assertEquals(2000, r.durationMs());
  }

  @Test
  void quickTimeContainer() throws Exception {
    ProbeResult r = probe("portrait_h264_aac.mov");
    assertEquals("mov", r.container());
    assertEquals("qt  ", r.brand());
    assertEquals("h264", r.videoCodec());
    assertEquals("aac", r.audioCodec(), "found in the QuickTime sound description's esds");
    assertEquals(60.0, r.frameRate());
    assertEquals(1000, r.durationMs());
    assertEquals(1080, r.displayWidth());
  }

  @Test
  void fragmentedFileTakesDurationAndRateFromItsFragments() throws Exception {
    ProbeResult r = probe("fragmented.mp4");
    assertEquals("h264", r.videoCodec());
    assertEquals("aac", r.audioCodec());
    assertEquals(2021, r.durationMs(), "the longest track, as ffprobe reports 2.021354 s");
    assertEquals(30.0, r.frameRate(), "the longer first frame does not skew the nominal rate");
    assertEquals(720, r.width());
    assertEquals(1280, r.height());
  }

  @Test
  void soundOnlyFileHasNoVideoTrack() {
    ClipRejectedException e = rejected(media("audio_only.m4a"));
    assertEquals(ClipRejectedException.NO_VIDEO_TRACK, e.code());
    assertEquals("The file has no video track (it only contains sound).", e.getMessage());
  }

  @Test
  void imageNamedMp4IsNotAVideo() {
    ClipRejectedException e = rejected(media("png_renamed.mp4"));
    assertEquals(ClipRejectedException.NOT_A_VIDEO, e.code());
    assertEquals("This file is not a video we can read (it looks like a PNG image). Upload an MP4 or MOV file.",
        e.getMessage());
  }

  @Test
  void uploadCutOffBeforeTheMoovIsDamaged() {
    ClipRejectedException e = rejected(media("truncated_moov_at_end.mp4"));
    assertEquals(ClipRejectedException.DAMAGED, e.code());
    assertEquals("The file is truncated or damaged (the 'moov' box is missing).", e.getMessage());
  }

  @Test
  void uploadCutOffInsideTheMediaDataIsDamaged() throws Exception {
    byte[] whole = Files.readAllBytes(media("portrait_h264_aac_faststart.mp4"));
    Path cut = Files.write(tmp.resolve("cut.mp4"), Arrays.copyOf(whole, whole.length / 2));
    ClipRejectedException e = rejected(cut);
    assertEquals(ClipRejectedException.DAMAGED, e.code());
    assertEquals("The file is truncated or damaged (it ends in the middle of the 'mdat' box).", e.getMessage());
  }

  @Test
  void moovWithoutMediaDataIsDamaged() throws Exception {
    byte[] whole = Files.readAllBytes(media("portrait_h264_aac_faststart.mp4"));
    int mdat = indexOf(whole, "mdat") - 4;
    Path headersOnly = Files.write(tmp.resolve("headers.mp4"), Arrays.copyOf(whole, mdat));
    ClipRejectedException e = rejected(headersOnly);
    assertEquals(ClipRejectedException.DAMAGED, e.code());
    assertEquals("The file is truncated or damaged (the media data ('mdat' box) is missing).", e.getMessage());
  }

  @Test
  void webmIsAVideoInAContainerWeDoNotTake() {
    ClipRejectedException e = rejected(media("clip.webm"));
    assertEquals(ClipRejectedException.UNSUPPORTED_CONTAINER, e.code());
    assertEquals("This is a WebM video; we take MP4 and MOV files. Convert it to MP4 and upload it again.",
        e.getMessage());
  }

  @Test
  void emptyAndUnknownFiles() throws Exception {
    ClipRejectedException empty = rejected(Files.createFile(tmp.resolve("empty.mp4")));
    assertEquals(ClipRejectedException.DAMAGED, empty.code());
    assertEquals("The file is empty; the upload may have failed. Try again.", empty.getMessage());

    Path page = Files.writeString(tmp.resolve("import.mp4"), "\n<!DOCTYPE html><html><body>Sign in</body></html>");
    ClipRejectedException html = rejected(page);
    assertEquals(ClipRejectedException.NOT_A_VIDEO, html.code());
    assertEquals("This file is not a video we can read (it looks like a web page). Upload an MP4 or MOV file.",
        html.getMessage());

    Path noise = Files.write(tmp.resolve("noise.mp4"), "just some text".getBytes(StandardCharsets.UTF_8));
    assertEquals("This file is not a video we can read. Upload an MP4 or MOV file.", rejected(noise).getMessage());
  }

  @Test
  void corruptBoxSizeIsDamagedNotACrash() throws Exception {
    byte[] whole = Files.readAllBytes(media("portrait_h264_aac_faststart.mp4"));
    int trak = indexOf(whole, "trak") - 4;
    whole[trak] = 0x7F; // the first track now claims to be ~2 GB long, far past the end of 'moov'
    ClipRejectedException e = rejected(Files.write(tmp.resolve("corrupt.mp4"), whole));
    assertEquals(ClipRejectedException.DAMAGED, e.code());
    assertEquals("The file is truncated or damaged (the 'trak' box runs past the end of 'moov').", e.getMessage());
  }

  @Test
  void heicPhotoIsNotAVideo() throws Exception {
    // the ftyp of an iPhone photo, followed by the 'meta' box HEIF keeps its image in
    byte[] heic = {0, 0, 0, 24, 'f', 't', 'y', 'p', 'h', 'e', 'i', 'c', 0, 0, 0, 0, 'm', 'i', 'f', '1', 'h', 'e', 'i',
        'c', 0, 0, 0, 8, 'm', 'e', 't', 'a'};
    ClipRejectedException e = rejected(Files.write(tmp.resolve("IMG_0001.mp4"), heic));
    assertEquals(ClipRejectedException.NOT_A_VIDEO, e.code());
    assertTrue(e.getMessage().contains("it looks like a HEIC image"), e.getMessage());
  }

  @Test
  void probeDoesNotHoldTheEventLoop() throws Exception {
    // opening a FIFO blocks until a writer comes: a probe on the event loop would stop the timer below
    Path fifo = tmp.resolve("upload.fifo");
    // mkfifo is in coreutils on every machine this runs on: a missing one fails the test rather than skipping it
    assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor(), "mkfifo could not make a FIFO");
    CompletableFuture<ProbeResult> probed = new CompletableFuture<>();
    CompletableFuture<Void> timerFired = new CompletableFuture<>();
    vertx.getOrCreateContext().runOnContext(v -> {
      MediaProbe.probe(vertx, fifo).onSuccess(probed::complete).onFailure(probed::completeExceptionally);
      vertx.setTimer(20, id -> timerFired.complete(null));
    });
    timerFired.get(5, TimeUnit.SECONDS);
    assertFalse(probed.isDone(), "the probe is still waiting for the file");
    Files.newOutputStream(fifo).close(); // a writer opens and leaves: the probe sees an empty file
    ExecutionException e = assertThrows(ExecutionException.class, () -> probed.get(5, TimeUnit.SECONDS));
    assertEquals(ClipRejectedException.DAMAGED, ((ClipRejectedException) e.getCause()).code());
  }

  @Test
  void probeFailsItsFutureWithTheRejectionOrTheIoError() throws Exception {
    ProbeResult r = MediaProbe.probe(vertx, media("landscape_rotate90.mp4"))
        .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    assertEquals(90, r.rotation());

    ExecutionException refused = assertThrows(ExecutionException.class, () -> MediaProbe.probe(vertx,
        media("audio_only.m4a")).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS));
    assertEquals(ClipRejectedException.NO_VIDEO_TRACK, ((ClipRejectedException) refused.getCause()).code());

    ExecutionException missing = assertThrows(ExecutionException.class, () -> MediaProbe.probe(vertx,
        tmp.resolve("gone.mp4")).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS));
    assertInstanceOf(NoSuchFileException.class, missing.getCause(), "an I/O failure is not a rejection");
  }

  static int indexOf(byte[] data, String fourcc) {
    byte[] needle = fourcc.getBytes(StandardCharsets.ISO_8859_1);
    outer:
    for (int i = 0; i + needle.length <= data.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (data[i + j] != needle[j]) continue outer;
      }
      return i;
    }
    throw new IllegalArgumentException(fourcc + " not found");
  }
}
