package io.clipcast.platforms.youtube;

import io.clipcast.platforms.ClipSource;
import io.clipcast.platforms.ConnectedAccount;
import io.clipcast.platforms.PublishContext;
import io.clipcast.platforms.QuotaLedger;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.time.ZoneId;
import java.util.UUID;

/** The same attempt with refreshed credentials, as the pipeline retries after an AUTH failure within one attempt. */
record RenewedAccount(PublishContext inner, ConnectedAccount account) implements PublishContext {
  @Override public UUID publicationId() { return inner.publicationId(); }
  @Override public int attempt() { return inner.attempt(); }
  @Override public String caption() { return inner.caption(); }
  @Override public String title() { return inner.title(); }
  @Override public JsonObject options() { return inner.options(); }
  @Override public ClipSource clip() { return inner.clip(); }
  @Override public JsonObject uploadState() { return inner.uploadState(); }
  @Override public Future<Void> checkpoint(io.clipcast.platforms.ResumeState state) { return inner.checkpoint(state); }
  @Override public void progress(long bytesSent) { inner.progress(bytesSent); }
  @Override public ZoneId timeZone() { return inner.timeZone(); }
  @Override public QuotaLedger quota() { return inner.quota(); }
  @Override public Vertx vertx() { return inner.vertx(); }
}
