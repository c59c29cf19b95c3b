package io.clipcast.media;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The top-level boxes of an ISO BMFF file, found by stepping from header to header. A box's content is never read
 * here, so the walk costs the same for a 2 GB 'mdat' as for a 2 KB one, wherever 'moov' is.
 *
 * @param ftyp      the file-type box; {@code null} in old QuickTime files, which start with 'moov' or 'mdat'
 * @param moov      the movie box; {@code null} when missing (typically an upload cut off before it)
 * @param mediaData whether an 'mdat' box was found
 * @param fragments the 'moof' boxes, in file order
 * @param cutShort  the type of the box the file ends inside, or {@code null} when every box is whole
 */
record FileLayout(Box ftyp, Box moov, boolean mediaData, List<Box> fragments, String cutShort) {
  /** Past this many top-level boxes the file is not a clip (a real one has a handful, or one 'moof' per second). */
  static final int MAX_BOXES = 100_000;

  static FileLayout walk(BoxReader reader) throws IOException {
    Box ftyp = null;
    Box moov = null;
    boolean mediaData = false;
    List<Box> fragments = new ArrayList<>();
    String cutShort = null;
    long size = reader.fileSize();
    long position = 0;
    // fewer than 8 trailing bytes cannot hold a box; players ignore them, so does the probe
    for (int count = 0; size - position >= 8; count++) {
      if (count == MAX_BOXES) throw ClipRejectedException.damaged("it holds too many top-level boxes");
      Box box = reader.boxAt(position, size);
      switch (box.type()) {
        case "ftyp":
          if (ftyp == null) ftyp = box;
          break;
        case "moov":
          if (moov == null) moov = box;
          break;
        case "mdat":
          mediaData = true;
          break;
        case "moof":
          fragments.add(box);
          break;
        default:
          break;
      }
      if (box.end() > size) {
        cutShort = box.type();
        break;
      }
      position = box.end();
    }
    return new FileLayout(ftyp, moov, mediaData, fragments, cutShort);
  }
}
