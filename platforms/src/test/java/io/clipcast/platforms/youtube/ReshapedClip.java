package io.clipcast.platforms.youtube;

import io.clipcast.platforms.ClipSource;
import io.clipcast.platforms.ConnectedAccount;
import io.clipcast.platforms.PublishContext;
import io.clipcast.platforms.QuotaLedger;
import io.clipcast.storage.ClipStream;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.time.ZoneId;
import java.util.UUID;

/** A publish attempt whose clip the probe found to have other dimensions or length (a landscape video, a long one). */
record ReshapedClip(PublishContext inner, int width, int height, double durationSec) implements PublishContext {
  @Override public UUID publicationId() { return inner.publicationId(); }
  @Override public int attempt() { return inner.attempt(); }
  @Override public ConnectedAccount account() { return inner.account(); }
  @Override public String caption() { return inner.caption(); }
  @Override public String title() { return inner.title(); }
  @Override public JsonObject options() { return inner.options(); }
  @Override public JsonObject uploadState() { return inner.uploadState(); }
  @Override public Future<Void> checkpoint(io.clipcast.platforms.ResumeState state) { return inner.checkpoint(state); }
  @Override public void progress(long bytesSent) { inner.progress(bytesSent); }
  @Override public ZoneId timeZone() { return inner.timeZone(); }
  @Override public QuotaLedger quota() { return inner.quota(); }
  @Override public Vertx vertx() { return inner.vertx(); }

  @Override
  public ClipSource clip() {
    ClipSource c = inner.clip();
    return new ClipSource() {
      @Override public long sizeBytes() { return c.sizeBytes(); }
      @Override public String sha256() { return c.sha256(); }
      @Override public String fileName() { return c.fileName(); }
      @Override public String contentType() { return c.contentType(); }
      @Override public double durationSec() { return durationSec; }
      @Override public int width() { return width; }
      @Override public int height() { return height; }
      @Override public Future<ClipStream> open() { return c.open(); }
      @Override public String mediaUrl() { return c.mediaUrl(); }
    };
  }
}
