package io.clipcast.sandbox.youtube;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.zip.GZIPInputStream;

/**
 * Request bodies sent with {@code Content-Encoding: gzip}, as Google's Java client sends them by default (its
 * MediaHttpUploader gzips the session metadata, and the chunks too when the media length is unknown; docs/platforms/youtube.md,
 * "Google's own client against the simulator"). Google's servers accept them, so the simulator inflates them.
 */
final class GzipBodies {
  private GzipBodies() {}

  static boolean gzipped(HttpServerRequest req) {
    String encoding = req.getHeader("Content-Encoding");
    return encoding != null && encoding.trim().equalsIgnoreCase("gzip");
  }

  /** The inflated body; IOException when it is not valid gzip. */
  static Buffer inflate(Buffer body) throws IOException {
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(body.getBytes()))) {
      return Buffer.buffer(in.readAllBytes());
    }
  }

  /** Inflates {@code body} into {@code digest} without keeping it, stopping past {@code limit} bytes; the inflated count. */
  static long inflateInto(Buffer body, MessageDigest digest, long limit) throws IOException {
    long count = 0;
    byte[] block = new byte[64 * 1024];
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(body.getBytes()))) {
      for (int n; (n = in.read(block)) > 0 && count <= limit; ) {
        digest.update(block, 0, n);
        count += n;
      }
    }
    return count;
  }
}
