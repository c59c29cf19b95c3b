package io.clipcast.platforms.rutube;

import io.clipcast.config.ConfigLayers;
import io.clipcast.platforms.ConnectedAccount;
import io.clipcast.platforms.ConnectorSettings;
import io.clipcast.platforms.PlatformConnector;
import io.clipcast.platforms.conformance.Applies;
import io.clipcast.platforms.conformance.ConformanceFixture;
import io.clipcast.platforms.conformance.Sandbox;
import io.clipcast.platforms.testing.TestPublishContext;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/** Rutube in the conformance suite: create the video from the clip's link (Rutube pulls it) → poll until ready. */
public final class RutubeConformance implements ConformanceFixture {
  private static final Path CLIP = Path.of("../common/src/test/resources/media/portrait_h264_aac_faststart.mp4");
  private static final AtomicLong USERS = new AtomicLong(8_900_000);
  private Sandbox sandbox;
  private RutubeConnector connector;
  private HttpServer media;

  @Override public String name() { return "rutube"; }

  @Override
  public void start() {
    sandbox = new Sandbox();
    media = sandbox.vertx.createHttpServer().requestHandler(req -> req.response().putHeader("Content-Type", "video/mp4").sendFile(CLIP.toString()))
        .listen(0, "127.0.0.1").await();
    connector = new RutubeConnector(1500, 3000);   // a create in flight at a death is waited for 3 s, not 2 min
    connector.init(sandbox.vertx, new ConnectorSettings(Map.of("api", sandbox.base + "/rutube/api"), "", "", "",
        io.clipcast.platforms.catalog.PlatformCatalog.shipped().rules("rutube")));
  }

  @Override public PlatformConnector connector() { return connector; }

  @Override
  public void reset() {
    sandbox.clear();
    sandbox.control("/rutube/_sandbox/settings", new JsonObject().put("processingMs", 200).put("hitsPerSecond", 100.0));
  }

  @Override
  public TestPublishContext context(Path store) throws Exception {
    long user = USERS.incrementAndGet();
    String login = "conf" + user + "@example.org";
    sandbox.control("/rutube/_sandbox/accounts", new JsonObject().put("login", login).put("password", "pw").put("userId", user)
        .put("name", "Конформность " + user));
    return new TestPublishContext(sandbox.vertx, signIn(login), store, CLIP, "Конформность", "Конформность",
        "http://127.0.0.1:" + media.actualPort() + "/clip.mp4");
  }

  private ConnectedAccount signIn(String login) throws Exception {
    return connector.validateCredentials(new JsonObject().put("login", login).put("password", "pw")).await(10, TimeUnit.SECONDS);
  }

  @Override
  public List<JsonObject> posts(TestPublishContext ctx) {
    return sandbox.posts("rutube", ctx.account().externalAccountId());
  }

  @Override public void fault(JsonObject rule) { sandbox.fault("rutube", rule); }

  @Override
  public ConnectedAccount renewed(ConnectedAccount account) throws Exception {
    return signIn("conf" + account.externalAccountId() + "@example.org");
  }

  @Override
  public Applies<JsonObject> lostFinalAnswer() {
    return Applies.to(new JsonObject().put("kind", "lost_response").put("match", "video.create"));
  }

  @Override
  public Applies<JsonObject> expiredTokenMidway() {
    return Applies.to(new JsonObject().put("kind", "token_expired").put("match", "video.create"));
  }

  @Override
  public Applies<Refusal> permanentRefusal() {
    return Applies.to(Refusal.byFault(new JsonObject().put("kind", "processing_failure").put("match", "video.create"), "conversion_error"));
  }

  @Override
  public Applies<JsonObject> rateLimit() {
    return Applies.to(new JsonObject().put("kind", "rate_limit").put("match", "video.create").put("retryAfterSeconds", 1));
  }

  @Override
  public Applies<Consumer<Boolean>> slowProcessing() {
    return Applies.to(slow -> sandbox.control("/rutube/_sandbox/settings", new JsonObject().put("processingMs", slow ? 2500 : 200)));
  }

  @Override
  public void close() throws Exception {
    if (sandbox != null) sandbox.close();
  }
}
