package io.clipcast.platforms.instagram;

import io.clipcast.platforms.ConnectedAccount;
import io.clipcast.platforms.PlatformConnector;
import io.clipcast.platforms.conformance.Applies;
import io.clipcast.platforms.conformance.ConformanceFixture;
import io.clipcast.platforms.meta.MetaFixture;
import io.clipcast.platforms.testing.TestPublishContext;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/** Instagram reels in the conformance suite: cap check → resumable container → rupload → status → media_publish. */
public final class InstagramConformance implements ConformanceFixture {
  private static final Path CLIP = Path.of("../common/src/test/resources/media/portrait_h264_aac_faststart.mp4");
  private static final String APP = "710000000000001";
  private static final String SECRET = "sandbox-instagram-secret";
  private static final AtomicLong IDS = new AtomicLong(94_000);
  private final InstagramConnector connector = new InstagramConnector(MetaFixture.FAST);
  private final Map<String, String> userOf = new ConcurrentHashMap<>();
  private MetaFixture fx;

  @Override public String name() { return "instagram"; }

  @Override public void start() { fx = new MetaFixture("instagram", connector, APP, SECRET); }

  @Override public PlatformConnector connector() { return connector; }

  @Override
  public void reset() {
    fx.clear();
    fx.control("/api", new JsonObject().put("processingMs", 150).put("publishLimit", 50).put("containerTtlSeconds", 86400));
  }

  @Override
  public TestPublishContext context(Path store) throws Exception {
    long n = IDS.incrementAndGet();
    String user = "1" + n;
    String ig = "178414" + n;
    fx.signInAs(new JsonObject().put("id", user).put("name", "Creator " + n).put("pages", new JsonArray().add(new JsonObject()
        .put("id", "2" + n).put("name", "Page " + n).put("instagram", new JsonObject().put("id", ig).put("username", "creator" + n)
            .put("accountType", "BUSINESS")))), null);
    userOf.put(ig, user);
    return new TestPublishContext(fx.vertx, account(ig), store, CLIP, "Conformance #reels", null, null);
  }

  /** As connections hold it since Issue 13: the linked Page's token, no expiry (docs/platforms/instagram.md). */
  private ConnectedAccount account(String ig) {
    String page = "2" + ig.substring("178414".length());
    String token = fx.tokens(userOf.get(ig), APP).getJsonObject("pages").getString(page);
    return new ConnectedAccount(ig, "@creator", null, token, null, null, List.of(InstagramConnector.SCOPES.split(",")),
        new JsonObject().put("igUserId", ig).put("pageId", page).put("token", "page"));
  }

  @Override
  public List<JsonObject> posts(TestPublishContext ctx) {
    return fx.ledgerOf(ctx.account().externalAccountId());
  }

  @Override public void fault(JsonObject rule) { fx.fault(rule); }

  @Override
  public ConnectedAccount renewed(ConnectedAccount account) {
    return account(account.externalAccountId());
  }

  @Override
  public Applies<JsonObject> lostFinalAnswer() {
    return Applies.to(new JsonObject().put("kind", "lost_response").put("match", "media_publish"));
  }

  @Override
  public Applies<JsonObject> expiredTokenMidway() {
    return Applies.to(new JsonObject().put("kind", "token_expired").put("match", "media_publish"));
  }

  @Override
  public Applies<Refusal> permanentRefusal() {
    return Applies.to(Refusal.byFault(new JsonObject().put("kind", "processing_failure").put("match", "media"),
        "the video format is not supported"));
  }

  @Override
  public Applies<JsonObject> rateLimit() {
    return Applies.to(new JsonObject().put("kind", "rate_limit").put("match", "media_publish"));
  }

  @Override
  public Applies<Consumer<Boolean>> slowProcessing() {
    return Applies.to(slow -> fx.control("/api", new JsonObject().put("processingMs", slow ? 4000 : 150)));
  }

  @Override
  public void close() throws Exception {
    if (fx != null) fx.close();
  }
}
