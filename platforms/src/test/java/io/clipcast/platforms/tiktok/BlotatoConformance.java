package io.clipcast.platforms.tiktok;

import io.clipcast.platforms.ConnectedAccount;
import io.clipcast.platforms.PlatformConnector;
import io.clipcast.platforms.conformance.Applies;
import io.clipcast.platforms.conformance.ConformanceFixture;
import io.clipcast.platforms.testing.TestPublishContext;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/** TikTok through Blotato in the conformance suite: submit (Blotato pulls the media link) → poll the submission. */
public final class BlotatoConformance implements ConformanceFixture {
  private static final Path CLIP = Path.of("../common/src/test/resources/media/portrait_h264_aac_faststart.mp4");
  private static final String ACCOUNT = "98432";   // the account the simulator's workspace key holds
  private TikTokSandboxFixture fx;
  private TikTokConnector connector;
  private HttpServer media;

  @Override public String name() { return "tiktok/blotato"; }

  @Override
  public void start() {
    fx = new TikTokSandboxFixture();
    connector = fx.connector(new JsonObject().put("route", "blotato").put("blotatoApiKey", "sandbox-blotato-key"));
    media = fx.vertx.createHttpServer().requestHandler(req -> req.response().putHeader("Content-Type", "video/mp4").sendFile(CLIP.toString()))
        .listen(0, "127.0.0.1").await();
  }

  @Override public PlatformConnector connector() { return connector; }

  @Override
  public void reset() {
    fx.clear();
    fx.control("/blotato/_sandbox/settings", new JsonObject().put("processingMs", 100));
  }

  @Override
  public TestPublishContext context(Path store) throws Exception {
    ConnectedAccount a = connector.tokenSignIn().orElseThrow().validateCredentials(new JsonObject().put("accountId", ACCOUNT)).await(10, TimeUnit.SECONDS);
    return new TestPublishContext(fx.vertx, a, store, CLIP, "Conformance via Blotato", null, "http://127.0.0.1:" + media.actualPort() + "/m.mp4");
  }

  @Override
  public List<JsonObject> posts(TestPublishContext ctx) {
    return fx.ledger(null);   // one workspace account; the ledger is emptied before every case
  }

  @Override public void fault(JsonObject rule) { fx.fault(rule.put("platform", "blotato")); }

  @Override
  public ConnectedAccount renewed(ConnectedAccount account) {
    return account;
  }

  @Override
  public Applies<Boolean> resumesToOnePostAfterDeathAt(int n, JsonObject saved) {
    return saved.getValue("submitRequestedAt") != null && saved.getValue("postSubmissionId") == null
        ? Applies.notApplicable("Blotato has no lookup of submissions: a submit that may have gone out ends unknown rather than risk a"
            + " second post")
        : Applies.to(true);
  }

  @Override
  public Applies<JsonObject> lostFinalAnswer() {
    return Applies.to(new JsonObject().put("kind", "lost_response").put("match", "posts.create"));
  }

  @Override
  public Applies<JsonObject> expiredTokenMidway() {
    return Applies.notApplicable("Blotato authenticates with the workspace's API key, which does not expire and is never refreshed");
  }

  @Override
  public Applies<Refusal> permanentRefusal() {
    return Applies.to(Refusal.byFault(new JsonObject().put("kind", "processing_failure").put("match", "posts.create"), "Blotato could not"));
  }

  @Override
  public Applies<JsonObject> rateLimit() {
    return Applies.to(new JsonObject().put("kind", "rate_limit").put("match", "posts.create"));
  }

  @Override
  public Applies<Consumer<Boolean>> slowProcessing() {
    return Applies.to(slow -> fx.control("/blotato/_sandbox/settings", new JsonObject().put("processingMs", slow ? 4000 : 100)));
  }

  @Override
  public void close() throws Exception {
    if (fx != null) fx.close();
  }
}
