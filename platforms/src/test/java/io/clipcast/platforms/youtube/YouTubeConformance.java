package io.clipcast.platforms.youtube;

import io.clipcast.platforms.ConnectedAccount;
import io.clipcast.platforms.PlatformConnector;
import io.clipcast.platforms.conformance.Applies;
import io.clipcast.platforms.conformance.ConformanceFixture;
import io.clipcast.platforms.testing.TestPublishContext;
import io.vertx.core.json.JsonObject;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/** YouTube in the conformance suite: resumable session → one chunk (the final step) → processing rechecks. */
public final class YouTubeConformance implements ConformanceFixture {
  private static final Path CLIP = Path.of("../common/src/test/resources/media/portrait_h264_aac_faststart.mp4");
  private static final AtomicLong CHANNELS = new AtomicLong(100_000);
  private YouTubeSandboxFixture fx;
  private YouTubeConnector connector;

  @Override public String name() { return "youtube"; }

  @Override
  public void start() {
    fx = new YouTubeSandboxFixture(r -> {});
    // one chunk: the upload's only request is the step that creates the video, so "the final step" is one request
    connector = fx.connector(r -> r.getJsonObject("upload").put("chunkBytes", 4 * 1024 * 1024));
  }

  @Override public PlatformConnector connector() { return connector; }

  @Override
  public void reset() {
    fx.clear();
    fx.control("/youtube/_sandbox/settings", new JsonObject().put("processingMs", 200).put("sessionTtlSeconds", 3600));
  }

  @Override
  public TestPublishContext context(Path store) throws Exception {
    ConnectedAccount a = fx.account("UCconformance" + CHANNELS.incrementAndGet() + "xxxxx");
    return new TestPublishContext(fx.vertx, a, store, CLIP, "Conformance", "Conformance", null);
  }

  @Override
  public List<JsonObject> posts(TestPublishContext ctx) {
    return fx.ledger().stream().filter(p -> ctx.account().externalAccountId().equals(p.getString("account"))).toList();
  }

  @Override public void fault(JsonObject rule) { fx.fault(rule); }

  @Override
  public ConnectedAccount renewed(ConnectedAccount account) throws Exception {
    return connector.oauth().orElseThrow().refresh(account).await(10, TimeUnit.SECONDS);
  }

  @Override
  public Applies<JsonObject> lostFinalAnswer() {
    return Applies.to(new JsonObject().put("kind", "lost_response").put("match", "upload"));
  }

  @Override
  public Applies<JsonObject> expiredTokenMidway() {
    return Applies.to(new JsonObject().put("kind", "token_expired").put("match", "upload"));
  }

  @Override
  public Applies<Refusal> permanentRefusal() {
    return Applies.to(Refusal.byFault(new JsonObject().put("kind", "processing_failure").put("match", "upload"), "conversion"));
  }

  @Override
  public Applies<JsonObject> rateLimit() {
    return Applies.to(new JsonObject().put("kind", "rate_limit").put("match", "videos.insert").put("retryAfterSeconds", 7));
  }

  @Override
  public Applies<Consumer<Boolean>> slowProcessing() {
    return Applies.to(slow -> fx.control("/youtube/_sandbox/settings", new JsonObject().put("processingMs", slow ? 1500 : 200)));
  }

  @Override
  public void close() throws Exception {
    if (fx != null) fx.close();
  }
}
