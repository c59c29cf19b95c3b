package io.clipcast.media;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;

/**
 * Tells ISO BMFF (MP4, MOV) from everything else by the first bytes, and names common other formats, so a
 * rejection can say what the file looks like instead of "unreadable".
 */
final class FileSignatures {
  /** Enough for every signature here, MPEG-TS's second sync byte at 188 included. */
  static final int HEAD_BYTES = 512;

  /** Box types an MP4 or MOV file starts with; old QuickTime files have no ftyp. */
  private static final Set<String> FIRST_BOXES = Set.of("ftyp", "moov", "mdat", "free", "skip", "wide", "pnot");

  private static final Set<String> IMAGE_BRANDS =
      Set.of("heic", "heix", "heim", "heis", "hevc", "hevx", "mif1", "msf1", "avif", "avis");

  private FileSignatures() {}

  static boolean isIsoBmff(ByteBuffer head) {
    return head.remaining() >= 8 && FIRST_BOXES.contains(ascii(head, 4, 4));
  }

  /** The ISO BMFF image formats share MP4's box structure; their ftyp brand gives them away. */
  static String imageBrand(String majorBrand) {
    if (!IMAGE_BRANDS.contains(majorBrand)) return null;
    return majorBrand.startsWith("avi") ? "an AVIF image" : "a HEIC image";
  }

  /** Why a file that is not ISO BMFF is refused: a video container we do not take, or not a video at all. */
  static ClipRejectedException rejection(ByteBuffer head) {
    String video = videoContainer(head);
    return video != null ? ClipRejectedException.unsupportedContainer(video)
        : ClipRejectedException.notAVideo(otherFormat(head));
  }

  private static String videoContainer(ByteBuffer head) {
    if (startsWith(head, 0x1A, 0x45, 0xDF, 0xA3)) {
      // Matroska's EBML header names its doctype near the start
      return ascii(head, 0, Math.min(head.remaining(), 64)).contains("webm") ? "a WebM video" : "an MKV video";
    }
    if (riff(head, "AVI ")) return "an AVI video";
    if (startsWith(head, 'F', 'L', 'V', 0x01)) return "an FLV video";
    if (startsWith(head, 0x30, 0x26, 0xB2, 0x75, 0x8E, 0x66, 0xCF, 0x11)) return "a WMV video";
    if (startsWith(head, 0x00, 0x00, 0x01, 0xBA)) return "an MPEG video";
    if (head.remaining() > 188 && head.get(0) == 0x47 && head.get(188) == 0x47) return "an MPEG-TS video";
    if (startsWith(head, 'O', 'g', 'g', 'S')) return "an Ogg file";
    return null;
  }

  private static String otherFormat(ByteBuffer head) {
    if (startsWith(head, 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A)) return "a PNG image";
    if (startsWith(head, 0xFF, 0xD8, 0xFF)) return "a JPEG image";
    if (startsWith(head, 'G', 'I', 'F', '8')) return "a GIF image";
    if (riff(head, "WEBP")) return "a WebP image";
    if (startsWith(head, 'I', 'I', '*', 0x00) || startsWith(head, 'M', 'M', 0x00, '*')) return "a TIFF image";
    if (startsWith(head, '%', 'P', 'D', 'F')) return "a PDF document";
    if (startsWith(head, 'P', 'K', 0x03, 0x04)) return "a ZIP archive";
    if (riff(head, "WAVE")) return "a WAV audio file";
    if (startsWith(head, 'f', 'L', 'a', 'C')) return "a FLAC audio file";
    if (startsWith(head, 'I', 'D', '3')) return "an MP3 audio file";
    // MPEG audio frame sync: 11 set bits; layer bits tell MP3 from ADTS AAC
    if (head.remaining() >= 2 && (head.get(0) & 0xFF) == 0xFF && (head.get(1) & 0xE0) == 0xE0) {
      return (head.get(1) & 0x06) == 0 ? "an AAC audio file" : "an MP3 audio file";
    }
    String text = ascii(head, 0, Math.min(head.remaining(), 64)).stripLeading().toLowerCase(Locale.ROOT);
    // an import whose link led to a login or error page instead of the file
    if (text.startsWith("<!doctype html") || text.startsWith("<html")) return "a web page";
    return null;
  }

  private static boolean riff(ByteBuffer head, String form) {
    return startsWith(head, 'R', 'I', 'F', 'F') && head.remaining() >= 12 && ascii(head, 8, 4).equals(form);
  }

  private static boolean startsWith(ByteBuffer head, int... bytes) {
    if (head.remaining() < bytes.length) return false;
    for (int i = 0; i < bytes.length; i++) {
      if ((head.get(i) & 0xFF) != bytes[i]) return false;
    }
    return true;
  }

  private static String ascii(ByteBuffer head, int offset, int length) {
    byte[] bytes = new byte[length];
    head.get(offset, bytes);
    return new String(bytes, StandardCharsets.ISO_8859_1);
  }
}
