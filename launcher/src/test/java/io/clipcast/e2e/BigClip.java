package io.clipcast.e2e;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A clip of any size that the media probe accepts: the fixture's ftyp and moov around an mdat of {@code mdatBytes}
 * zeros (the same layout LargeUploadTest streams), written to disk for tests that need uploads to take a while.
 */
public final class BigClip {
  private BigClip() {}

  public static Path write(Path target, long mdatBytes) throws Exception {
    byte[] f;
    try (InputStream in = BigClip.class.getClassLoader().getResourceAsStream("media/portrait_h264_aac_moov_at_end.mp4")) {
      f = in.readAllBytes();
    }
    ByteArrayOutputStream ftyp = new ByteArrayOutputStream();
    ByteArrayOutputStream moov = new ByteArrayOutputStream();
    for (int at = 0; at + 8 <= f.length; ) {
      int size = ByteBuffer.wrap(f, at, 4).getInt();
      String type = new String(f, at + 4, 4, StandardCharsets.US_ASCII);
      if (type.equals("ftyp")) ftyp.write(f, at, size);
      if (type.equals("moov")) moov.write(f, at, size);
      at += size;
    }
    Files.createDirectories(target.getParent());
    try (OutputStream out = new java.io.BufferedOutputStream(Files.newOutputStream(target), 1 << 20)) {
      out.write(ftyp.toByteArray());
      out.write(ByteBuffer.allocate(16).putInt(1).put("mdat".getBytes(StandardCharsets.US_ASCII)).putLong(16 + mdatBytes).array());
      byte[] zeros = new byte[1 << 20];
      for (long left = mdatBytes; left > 0; left -= zeros.length) out.write(zeros, 0, (int) Math.min(zeros.length, left));
      out.write(moov.toByteArray());
    }
    return target;
  }
}
