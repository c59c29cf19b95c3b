package io.clipcast.platforms.linkedin;

import io.clipcast.platforms.ClipSource;
import io.clipcast.platforms.ConnectedAccount;
import io.clipcast.platforms.PublishContext;
import io.clipcast.platforms.QuotaLedger;
import io.clipcast.platforms.ResumeState;
import io.clipcast.platforms.testing.TestPublishContext;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.time.ZoneId;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A {@link TestPublishContext} that runs a step when a matching checkpoint is saved — e.g. injects a sandbox fault once
 * the second part's ETag is recorded — so a test can break an attempt at an exact point of the flow.
 */
final class ScriptedContext implements PublishContext {
  private final TestPublishContext inner;
  private Predicate<JsonObject> when = s -> false;
  private Function<JsonObject, Future<Void>> then;

  ScriptedContext(TestPublishContext inner) {
    this.inner = inner;
  }

  /** Once, when a checkpoint matching {@code when} has been saved, runs {@code then} before the flow goes on. */
  ScriptedContext onCheckpoint(Predicate<JsonObject> when, Function<JsonObject, Future<Void>> then) {
    this.when = when;
    this.then = then;
    return this;
  }

  @Override
  public Future<Void> checkpoint(ResumeState state) {
    return inner.checkpoint(state).compose(v -> {
      JsonObject saved = inner.checkpoints.get(inner.checkpoints.size() - 1);   // what this checkpoint changed
      if (!when.test(saved)) return Future.succeededFuture();
      when = s -> false;
      return then.apply(saved);
    });
  }

  @Override public UUID publicationId() { return inner.publicationId(); }
  @Override public int attempt() { return inner.attempt(); }
  @Override public ConnectedAccount account() { return inner.account(); }
  @Override public String caption() { return inner.caption(); }
  @Override public String title() { return inner.title(); }
  @Override public JsonObject options() { return inner.options(); }
  @Override public ClipSource clip() { return inner.clip(); }
  @Override public JsonObject uploadState() { return inner.uploadState(); }
  @Override public void progress(long bytesSent) { inner.progress(bytesSent); }
  @Override public ZoneId timeZone() { return inner.timeZone(); }
  @Override public QuotaLedger quota() { return inner.quota(); }
  @Override public Vertx vertx() { return inner.vertx(); }
}
