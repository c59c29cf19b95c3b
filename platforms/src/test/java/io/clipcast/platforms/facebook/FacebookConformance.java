package io.clipcast.platforms.facebook;

import io.clipcast.platforms.ConnectedAccount;
import io.clipcast.platforms.PlatformConnector;
import io.clipcast.platforms.conformance.Applies;
import io.clipcast.platforms.conformance.ConformanceFixture;
import io.clipcast.platforms.meta.MetaFixture;
import io.clipcast.platforms.testing.TestPublishContext;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/** Facebook Page reels in the conformance suite: start → rupload → finish (PUBLISHED) → status until published. */
public final class FacebookConformance implements ConformanceFixture {
  private static final String APP = "710000000000002";
  private static final String SECRET = "sandbox-facebook-secret";
  private static final AtomicLong IDS = new AtomicLong(96_000);
  private final FacebookConnector connector = new FacebookConnector(MetaFixture.FAST);
  private final Map<String, String> userOfPage = new ConcurrentHashMap<>();
  private MetaFixture fx;
  private Path clip;

  @Override public String name() { return "facebook"; }

  @Override
  public void start() throws Exception {
    fx = new MetaFixture("facebook", connector, APP, SECRET);
    byte[] bytes = new byte[3 * 1024 * 1024 + 123];
    new Random(7).nextBytes(bytes);
    clip = Files.createTempFile("conformance-reel", ".mp4");
    Files.write(clip, bytes);
  }

  @Override public PlatformConnector connector() { return connector; }

  @Override
  public void reset() {
    fx.clear();
    fx.control("/api", new JsonObject().put("processingMs", 150).put("reelsPerPagePerDay", 30));
  }

  @Override
  public TestPublishContext context(Path store) throws Exception {
    long n = IDS.incrementAndGet();
    String user = "1" + n;
    String pageId = "5" + n;
    fx.signInAs(new JsonObject().put("id", user).put("pages", new JsonArray().add(new JsonObject().put("id", pageId).put("name", "Reels " + n))), null);
    userOfPage.put(pageId, user);
    return new TestPublishContext(fx.vertx, page(pageId), store, clip, "Conformance #reels", "A reel", null);
  }

  private ConnectedAccount page(String pageId) {
    String token = fx.tokens(userOfPage.get(pageId), APP).getJsonObject("pages").getString(pageId);
    return new ConnectedAccount(pageId, "Reels " + pageId, null, token, null, null, List.of(FacebookConnector.SCOPES.split(",")),
        new JsonObject().put("pageId", pageId));
  }

  @Override
  public List<JsonObject> posts(TestPublishContext ctx) {
    return fx.ledgerOf(ctx.account().externalAccountId());
  }

  @Override public void fault(JsonObject rule) { fx.fault(rule); }

  @Override
  public ConnectedAccount renewed(ConnectedAccount account) {
    return page(account.externalAccountId());
  }

  @Override
  public Applies<JsonObject> lostFinalAnswer() {
    return Applies.to(new JsonObject().put("kind", "lost_response").put("match", "video_reels.finish"));
  }

  @Override
  public Applies<JsonObject> expiredTokenMidway() {
    return Applies.to(new JsonObject().put("kind", "token_expired").put("match", "video_reels.finish"));
  }

  @Override
  public Applies<Refusal> permanentRefusal() {
    return Applies.to(Refusal.byFault(new JsonObject().put("kind", "processing_failure").put("match", "video_reels.finish"),
        "could not be decoded"));
  }

  @Override
  public Applies<JsonObject> rateLimit() {
    return Applies.to(new JsonObject().put("kind", "rate_limit").put("match", "video_reels.finish"));
  }

  @Override
  public Applies<Consumer<Boolean>> slowProcessing() {
    return Applies.to(slow -> fx.control("/api", new JsonObject().put("processingMs", slow ? 4000 : 150)));
  }

  @Override
  public void close() throws Exception {
    if (fx != null) fx.close();
    if (clip != null) Files.deleteIfExists(clip);
  }
}
