package io.clipcast.media;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads box headers and small box fields at absolute positions. Only headers and the few fields the probe needs
 * are ever read, so media data (and any other large box) is stepped over, never read: a 2 GB clip costs a few
 * dozen small reads.
 */
final class BoxReader implements Closeable {
  /** More children than this in one box is not a real file; it would only make the probe loop. */
  static final int MAX_CHILDREN = 4096;

  private final FileChannel channel;
  private final long fileSize;

  private BoxReader(FileChannel channel) throws IOException {
    this.channel = channel;
    this.fileSize = channel.size();
  }

  static BoxReader open(Path file) throws IOException {
    return new BoxReader(FileChannel.open(file, StandardOpenOption.READ));
  }

  long fileSize() {
    return fileSize;
  }

  /** Up to {@code length} bytes at {@code position}; fewer only where the file ends. */
  ByteBuffer readUpTo(long position, int length) throws IOException {
    ByteBuffer buf = ByteBuffer.allocate((int) Math.max(0, Math.min(length, fileSize - position)));
    while (buf.hasRemaining()) {
      if (channel.read(buf, position + buf.position()) < 0) break;
    }
    return buf.flip();
  }

  /** Exactly {@code length} bytes of {@code box}'s content from {@code offset}; a box too short for them is damaged. */
  ByteBuffer content(Box box, long offset, int length) throws IOException {
    if (offset + length > box.contentSize()) {
      throw ClipRejectedException.damaged("the '" + box.type() + "' box is too short");
    }
    ByteBuffer buf = readUpTo(box.contentStart() + offset, length);
    if (buf.remaining() < length) throw ClipRejectedException.damaged("it ends inside the '" + box.type() + "' box");
    return buf;
  }

  /** {@code box}'s content from {@code offset}, at most {@code max} bytes of it. */
  ByteBuffer contentUpTo(Box box, long offset, int max) throws IOException {
    return content(box, offset, (int) Math.max(0, Math.min(max, box.contentSize() - offset)));
  }

  /**
   * The box whose header starts at {@code position}. Its end is not checked against anything: a box may claim to
   * run past {@code limit} (the parent's end, or the end of the file), and callers decide what that means.
   */
  Box boxAt(long position, long limit) throws IOException {
    if (limit - position < 8) throw ClipRejectedException.damaged("a box header is cut short at byte " + position);
    ByteBuffer header = readUpTo(position, 8);
    if (header.remaining() < 8) throw ClipRejectedException.damaged("it ends inside a box header at byte " + position);
    long size = Integer.toUnsignedLong(header.getInt());
    String type = fourcc(header);
    long contentStart = position + 8;
    if (size == 1) {
      // 64-bit size: every mdat over 4 GB, and some muxers write it for smaller ones too
      ByteBuffer large = readUpTo(position + 8, 8);
      if (large.remaining() < 8) throw ClipRejectedException.damaged("it ends inside the '" + type + "' box header");
      size = large.getLong();
      contentStart += 8;
    } else if (size == 0) {
      size = limit - position; // "runs to the end of the file": writers that could not seek back to fix the size
    }
    if ("uuid".equals(type)) contentStart += 16;
    if (size < contentStart - position || size > Long.MAX_VALUE - position) {
      throw ClipRejectedException.damaged("the '" + type + "' box at byte " + position + " has an impossible size");
    }
    return new Box(type, position, contentStart, position + size);
  }

  /** The boxes inside {@code parent}, from {@code skip} bytes into its content (past full-box or entry fields). */
  List<Box> children(Box parent, long skip) throws IOException {
    List<Box> boxes = new ArrayList<>();
    long position = parent.contentStart() + skip;
    while (position < parent.end()) {
      // QuickTime may close an atom list with a 32-bit zero
      if (parent.end() - position == 4 && readUpTo(position, 4).getInt() == 0) break;
      Box box = boxAt(position, parent.end());
      if (box.end() > parent.end()) {
        throw ClipRejectedException.damaged(
            "the '" + box.type() + "' box runs past the end of '" + parent.type() + "'");
      }
      if (boxes.size() == MAX_CHILDREN) {
        throw ClipRejectedException.damaged("the '" + parent.type() + "' box holds too many boxes");
      }
      boxes.add(box);
      position = box.end();
    }
    return boxes;
  }

  List<Box> children(Box parent) throws IOException {
    return children(parent, 0);
  }

  Optional<Box> child(Box parent, String type) throws IOException {
    return children(parent).stream().filter(b -> b.type().equals(type)).findFirst();
  }

  /** The box at the end of a path of child types, e.g. {@code mdia/minf/stbl}. */
  Optional<Box> descend(Box from, String... types) throws IOException {
    Optional<Box> box = Optional.of(from);
    for (String type : types) {
      if (box.isEmpty()) break;
      box = child(box.get(), type);
    }
    return box;
  }

  static String fourcc(ByteBuffer buf) {
    byte[] code = new byte[4];
    buf.get(code);
    return new String(code, StandardCharsets.ISO_8859_1);
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }
}
