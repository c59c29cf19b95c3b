package io.clipcast.platforms.tiktok;

import io.clipcast.platforms.ConnectedAccount;
import io.clipcast.platforms.PlatformConnector;
import io.clipcast.platforms.conformance.Applies;
import io.clipcast.platforms.conformance.ConformanceFixture;
import io.clipcast.platforms.testing.TestPublishContext;
import io.vertx.core.json.JsonObject;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/** TikTok's direct route in the conformance suite: creator_info → video/init → chunk upload → status/fetch. */
public final class TikTokConformance implements ConformanceFixture {
  private static final Path CLIP = Path.of("../common/src/test/resources/media/portrait_h264_aac_faststart.mp4");
  private static final AtomicLong CREATORS = new AtomicLong(500_000);
  private TikTokSandboxFixture fx;
  private TikTokConnector connector;

  @Override public String name() { return "tiktok"; }

  @Override
  public void start() {
    fx = new TikTokSandboxFixture();
    connector = fx.connector(new JsonObject().put("audited", true));
  }

  @Override public PlatformConnector connector() { return connector; }

  @Override
  public void reset() {
    fx.clear();
    fx.control("/tiktok/_sandbox/settings", new JsonObject().put("audited", true).put("processingMs", 150).put("moderationMs", 0));
  }

  @Override
  public TestPublishContext context(Path store) throws Exception {
    long n = CREATORS.incrementAndGet();
    ConnectedAccount a = fx.account(new JsonObject().put("open_id", "-000conf" + n).put("username", "conf" + n));
    return new TestPublishContext(fx.vertx, a, store, CLIP, "Conformance #fyp", null, null);
  }

  @Override
  public List<JsonObject> posts(TestPublishContext ctx) {
    return fx.ledger(ctx.account().externalAccountId());
  }

  @Override public void fault(JsonObject rule) { fx.fault(rule); }

  @Override
  public ConnectedAccount renewed(ConnectedAccount account) {
    return fx.account(new JsonObject().put("open_id", account.externalAccountId()).put("username", account.metadata().getString("username")));
  }

  @Override
  public Applies<JsonObject> lostFinalAnswer() {
    // the last (here the only) chunk: TikTok publishes once it holds every byte
    return Applies.to(new JsonObject().put("kind", "lost_response").put("match", "upload"));
  }

  @Override
  public Applies<JsonObject> expiredTokenMidway() {
    return Applies.to(new JsonObject().put("kind", "token_expired").put("match", "video.init"));
  }

  @Override
  public Applies<Refusal> permanentRefusal() {
    return Applies.to(Refusal.byFault(new JsonObject().put("kind", "processing_failure").put("match", "video.init"), "TikTok"));
  }

  @Override
  public Applies<JsonObject> rateLimit() {
    return Applies.to(new JsonObject().put("kind", "rate_limit").put("match", "video.init"));
  }

  @Override
  public Applies<Consumer<Boolean>> slowProcessing() {
    return Applies.to(slow -> fx.control("/tiktok/_sandbox/settings", new JsonObject().put("processingMs", slow ? 3500 : 150)));
  }

  @Override
  public void close() throws Exception {
    if (fx != null) fx.close();
  }
}
