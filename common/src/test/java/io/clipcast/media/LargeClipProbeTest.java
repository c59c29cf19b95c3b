package io.clipcast.media;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static io.clipcast.media.Fixtures.media;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Proof that the probe steps over media data instead of reading it: a 3 GiB clip (sparse, so it costs no disk)
 * whose 'mdat' needs a 64-bit size probes in well under the time it would take to read it, with the same result
 * as the small clip its headers come from.
 */
class LargeClipProbeTest {
  private static final long MEDIA_BYTES = 3L << 30;
  private static final long BUDGET_MS = 2_000;

  @TempDir
  Path tmp;

  @Test
  void moovAfterThreeGigabytesOfMediaData() throws Exception {
    Headers h = Headers.of(media("portrait_h264_aac_faststart.mp4"));
    Path big = tmp.resolve("moov-at-end.mp4");
    try (RandomAccessFile out = new RandomAccessFile(big.toFile(), "rw")) {
      out.write(h.ftyp);
      out.write(largeMdatHeader());
      out.seek(out.getFilePointer() + MEDIA_BYTES); // the skipped range stays a hole
      out.write(h.moov);
    }
    assertProbesLikeTheSmallClip(big);
  }

  @Test
  void moovFirstThenThreeGigabytesOfMediaData() throws Exception {
    Headers h = Headers.of(media("portrait_h264_aac_faststart.mp4"));
    Path big = tmp.resolve("faststart.mp4");
    try (RandomAccessFile out = new RandomAccessFile(big.toFile(), "rw")) {
      out.write(h.ftyp);
      out.write(h.moov);
      out.write(largeMdatHeader());
      out.setLength(out.length() + MEDIA_BYTES);
    }
    assertProbesLikeTheSmallClip(big);
  }

  private static void assertProbesLikeTheSmallClip(Path big) throws IOException {
    assertTrue(Files.size(big) > MEDIA_BYTES, "the clip is past the 32-bit box size");
    ProbeResult small = MediaProbe.probeBlocking(media("portrait_h264_aac_faststart.mp4"));
    long start = System.nanoTime();
    ProbeResult result = MediaProbe.probeBlocking(big);
    long elapsedMs = (System.nanoTime() - start) / 1_000_000;
    assertEquals(small, result);
    assertTrue(elapsedMs < BUDGET_MS, "probing " + Files.size(big) + " bytes took " + elapsedMs + " ms");
  }

  /** An 'mdat' header with size 1 and the real size in the 64 bits that follow, as muxers write past 4 GiB. */
  private static byte[] largeMdatHeader() {
    return ByteBuffer.allocate(16).putInt(1).put(new byte[] {'m', 'd', 'a', 't'}).putLong(16 + MEDIA_BYTES).array();
  }

  /** The ftyp and moov boxes of a small fixture, byte for byte. */
  private static final class Headers {
    final byte[] ftyp;
    final byte[] moov;

    private Headers(byte[] ftyp, byte[] moov) {
      this.ftyp = ftyp;
      this.moov = moov;
    }

    static Headers of(Path file) throws IOException {
      ByteBuffer all = ByteBuffer.wrap(Files.readAllBytes(file));
      byte[] ftyp = null;
      byte[] moov = null;
      while (all.remaining() >= 8) {
        int start = all.position();
        int size = all.getInt();
        String type = new String(new byte[] {all.get(), all.get(), all.get(), all.get()}, StandardCharsets.ISO_8859_1);
        byte[] box = new byte[size];
        all.get(start, box);
        if (type.equals("ftyp")) ftyp = box;
        if (type.equals("moov")) moov = box;
        all.position(start + size);
      }
      return new Headers(ftyp, moov);
    }
  }
}
