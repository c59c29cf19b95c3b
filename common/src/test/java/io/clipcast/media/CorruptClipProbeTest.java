package io.clipcast.media;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;

import static io.clipcast.media.Fixtures.media;
/**
 * Damaged uploads get a rejection, never an unexplained exception: the fixtures with random bytes overwritten
 * (mostly in the headers, where the sizes and counts are) and random cuts. Seeded, so a failure reproduces.
 */
class CorruptClipProbeTest {
  private static final int MUTATIONS_PER_FILE = 300;

  @TempDir
  Path tmp;

  @Test
  void corruptedClipsAreRejectedOrReadNeverCrash() throws Exception {
    Random random = new Random(20240611);
    Path file = tmp.resolve("upload.mp4");
    for (String fixture : new String[] {"portrait_h264_aac_faststart.mp4", "portrait_h264_aac_moov_at_end.mp4",
        "fragmented.mp4", "portrait_h264_aac.mov"}) {
      byte[] original = Files.readAllBytes(media(fixture));
      for (int i = 0; i < MUTATIONS_PER_FILE; i++) {
        byte[] bytes = original.clone();
        for (int n = 1 + random.nextInt(8); n > 0; n--) {
          int span = random.nextBoolean() ? Math.min(2048, bytes.length) : bytes.length;
          bytes[random.nextInt(span)] = (byte) (random.nextInt(4) == 0 ? 0xFF : random.nextInt(256));
        }
        if (random.nextInt(10) == 0) bytes = Arrays.copyOf(bytes, random.nextInt(bytes.length));
        Files.write(file, bytes);
        try {
          MediaProbe.probeBlocking(file);
        } catch (ClipRejectedException expected) {
          // a rejection with a code and a message is the right outcome for a damaged file
        } catch (Exception | StackOverflowError e) {
          throw new AssertionError(fixture + " mutation " + i + " crashed the probe", e);
        }
      }
    }
  }
}
