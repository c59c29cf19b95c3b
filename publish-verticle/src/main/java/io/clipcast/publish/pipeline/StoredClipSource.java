package io.clipcast.publish.pipeline;

import io.clipcast.platforms.ClipSource;
import io.clipcast.storage.ClipStore;
import io.clipcast.storage.ClipStream;
import io.vertx.core.Future;

/** The claimed publication's clip in the node's ClipStore, and a signed URL to it for platforms that pull. */
record StoredClipSource(ClaimedPublication.Clip clip, ClipStore store, String mediaUrl) implements ClipSource {
  @Override public long sizeBytes() { return clip.sizeBytes(); }
  @Override public String sha256() { return clip.sha256(); }
  @Override public String fileName() { return clip.fileName(); }
  @Override public String contentType() { return clip.contentType() == null ? "video/mp4" : clip.contentType(); }
  @Override public double durationSec() { return clip.durationMs() == null ? 0 : clip.durationMs() / 1000.0; }
  @Override public int width() { return clip.width() == null ? 0 : clip.width(); }
  @Override public int height() { return clip.height() == null ? 0 : clip.height(); }
  @Override public Future<ClipStream> open() { return store.open(clip.storageKey()); }
}
