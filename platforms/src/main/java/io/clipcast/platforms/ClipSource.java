package io.clipcast.platforms;

import io.clipcast.storage.ClipStream;
import io.vertx.core.Future;

/** The clip being published: what the probe found, and its bytes (opened anew for every attempt). */
public interface ClipSource {
  long sizeBytes();

  String sha256();

  String fileName();

  /** e.g. {@code video/mp4}. */
  String contentType();

  double durationSec();

  int width();

  int height();

  /** A paused stream of the file; the caller pipes it and must close it (also on failure). */
  Future<ClipStream> open();

  /** A signed, expiring URL the platform can GET the file from (platforms that pull by URL). */
  String mediaUrl();
}
