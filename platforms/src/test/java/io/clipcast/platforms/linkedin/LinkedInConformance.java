package io.clipcast.platforms.linkedin;

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

/** LinkedIn in the conformance suite: initializeUpload → parts → finalizeUpload → AVAILABLE → posts. */
public final class LinkedInConformance implements ConformanceFixture {
  private static final Path CLIP = Path.of("../common/src/test/resources/media/landscape_rotate90.mp4");
  private static final AtomicLong MEMBERS = new AtomicLong(700_000);
  private LinkedInSandboxFixture fx;

  @Override public String name() { return "linkedin"; }

  @Override public void start() { fx = new LinkedInSandboxFixture(); }

  @Override public PlatformConnector connector() { return fx.connector; }

  @Override
  public void reset() {
    fx.clear();
    fx.control("/linkedin/_sandbox/settings", new JsonObject().put("processingMs", 150).put("uploadUrlTtlSeconds", 3600));
  }

  @Override
  public TestPublishContext context(Path store) throws Exception {
    return new TestPublishContext(fx.vertx, fx.account("conf" + MEMBERS.incrementAndGet()), store, CLIP, "Conformance", "Conformance", null);
  }

  @Override
  public List<JsonObject> posts(TestPublishContext ctx) {
    String author = "urn:li:person:" + ctx.account().externalAccountId();
    return fx.ledger().stream().filter(p -> author.equals(p.getString("account"))).toList();
  }

  @Override public void fault(JsonObject rule) { fx.fault(rule); }

  @Override
  public ConnectedAccount renewed(ConnectedAccount account) {
    return fx.account(account.externalAccountId());
  }

  @Override
  public Applies<JsonObject> lostFinalAnswer() {
    return Applies.to(new JsonObject().put("kind", "lost_response").put("match", "posts.create"));
  }

  @Override
  public Applies<JsonObject> expiredTokenMidway() {
    return Applies.to(new JsonObject().put("kind", "token_expired").put("match", "posts.create"));
  }

  @Override
  public Applies<Refusal> permanentRefusal() {
    return Applies.to(Refusal.byFault(new JsonObject().put("kind", "processing_failure").put("match", "finalizeUpload"), "Video processing failed"));
  }

  @Override
  public Applies<JsonObject> rateLimit() {
    return Applies.to(new JsonObject().put("kind", "rate_limit").put("match", "posts.create").put("retryAfterSeconds", 3));
  }

  @Override
  public Applies<Consumer<Boolean>> slowProcessing() {
    return Applies.to(slow -> fx.control("/linkedin/_sandbox/settings", new JsonObject().put("processingMs", slow ? 1500 : 150)));
  }

  @Override
  public void close() throws Exception {
    if (fx != null) fx.close();
  }
}
