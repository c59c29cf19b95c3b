package io.clipcast.media;

import java.io.IOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;

/** The first sample description of a track (stsd): its code, its codec family and, for video, the coded size. */
record SampleEntry(String fourcc, String codec, int width, int height) {

  static SampleEntry read(BoxReader reader, Box stsd, String handler) throws IOException {
    ByteBuffer head = reader.content(stsd, 0, 8);
    head.getInt(); // version, flags
    if (head.getInt() == 0) throw ClipRejectedException.damaged("a track has no sample description");
    Box entry = reader.boxAt(stsd.contentStart() + 8, stsd.end());
    if (entry.end() > stsd.end()) throw ClipRejectedException.damaged("the sample description runs past 'stsd'");
    String fourcc = entry.type();
    if ("vide".equals(handler)) {
      // VisualSampleEntry: 6 reserved, 2 data-reference index, 16 pre-defined/reserved, then width and height
      ByteBuffer size = reader.content(entry, 24, 4);
      return new SampleEntry(fourcc, Codecs.video(fourcc), size.getShort() & 0xFFFF, size.getShort() & 0xFFFF);
    }
    return new SampleEntry(fourcc, audioCodec(reader, entry), 0, 0);
  }

  private static String audioCodec(BoxReader reader, Box entry) throws IOException {
    if (!"mp4a".equals(entry.type())) return Codecs.audio(entry.type());
    // SoundSampleEntry fields take 28 bytes; QuickTime sound description version 1 adds 16 and version 2 adds 36
    int version = reader.content(entry, 8, 2).getShort();
    long fields = version == 1 ? 44 : version == 2 ? 64 : 28;
    Box esds = null;
    for (Box child : reader.children(entry, fields)) {
      if ("esds".equals(child.type())) esds = child;
      // QuickTime keeps the esds inside a 'wave' atom
      if ("wave".equals(child.type())) esds = reader.child(child, "esds").orElse(esds);
    }
    return esds == null ? "mp4a" : Codecs.mpeg4Audio(objectType(reader.contentUpTo(esds, 0, 256)));
  }

  /** The objectTypeIndication in an esds box's DecoderConfigDescriptor (ISO 14496-1), or -1. */
  static int objectType(ByteBuffer esds) {
    try {
      esds.getInt(); // version, flags
      if (esds.get() != 0x03) return -1; // ES_Descriptor
      descriptorLength(esds);
      esds.getShort(); // ES_ID
      int flags = esds.get() & 0xFF;
      if ((flags & 0x80) != 0) esds.getShort(); // depends-on ES_ID
      if ((flags & 0x40) != 0) esds.position(esds.position() + (esds.get() & 0xFF)); // URL
      if ((flags & 0x20) != 0) esds.getShort(); // OCR ES_ID
      if (esds.get() != 0x04) return -1; // DecoderConfigDescriptor
      descriptorLength(esds);
      return esds.get() & 0xFF;
    } catch (BufferUnderflowException | IllegalArgumentException e) {
      return -1;
    }
  }

  /** Descriptor lengths take 1 to 4 bytes of 7 bits each; the top bit says another byte follows. */
  private static int descriptorLength(ByteBuffer buf) {
    int length = 0;
    for (int i = 0; i < 4; i++) {
      int b = buf.get() & 0xFF;
      length = (length << 7) | (b & 0x7F);
      if ((b & 0x80) == 0) break;
    }
    return length;
  }
}
