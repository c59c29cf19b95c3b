package io.clipcast.platforms.vk;

import io.clipcast.platforms.ConnectedAccount;
import io.clipcast.platforms.PlatformConnector;
import io.clipcast.platforms.conformance.Applies;
import io.clipcast.platforms.conformance.ConformanceFixture;
import io.clipcast.platforms.testing.TestPublishContext;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * VK in the conformance suite on its default route: video.save with {@code wallpost=1} → upload, and VK posts the
 * video on the wall itself. {@link VkWallPostConformance} runs the same cases on the wallPost route (video.save →
 * upload → wall.post).
 */
public class VkConformance implements ConformanceFixture {
  private static final Path CLIP = Path.of("../common/src/test/resources/media/portrait_h264_aac_faststart.mp4");
  private static final long FOREIGN_GROUP = 9009;
  private static final AtomicLong USERS = new AtomicLong(9_100_000);
  private final boolean wallPostRoute;
  private VkSandboxFixture fx;

  public VkConformance() {
    this(false);
  }

  protected VkConformance(boolean wallPostRoute) {
    this.wallPostRoute = wallPostRoute;
  }

  @Override public String name() { return wallPostRoute ? "vk (wallPost route)" : "vk"; }

  @Override
  public void start() {
    fx = wallPostRoute ? VkSandboxFixture.wallPost() : new VkSandboxFixture();
    fx.control("/vk/_sandbox/groups", new JsonObject().put("id", FOREIGN_GROUP).put("name", "Not ours").put("admins", new JsonArray()));
  }

  @Override public PlatformConnector connector() { return fx.connector; }

  @Override
  public void reset() {
    fx.clear();
    fx.control("/vk/_sandbox/api", new JsonObject().put("requestsPerSecond", 0).put("processingMs", 200).put("guidWindowSeconds", 3600)
        .put("maxUploadBytes", 1L << 30));
  }

  @Override
  public TestPublishContext context(Path store) throws Exception {
    return new TestPublishContext(fx.vertx, fx.account(USERS.incrementAndGet()), store, CLIP, "Conformance #clips", "Conformance", null);
  }

  @Override
  public List<JsonObject> posts(TestPublishContext ctx) {
    return fx.ledger().stream().filter(p -> ctx.account().externalAccountId().equals(p.getString("account"))).toList();
  }

  @Override public void fault(JsonObject rule) { fx.fault(rule); }

  @Override
  public ConnectedAccount renewed(ConnectedAccount account) {
    return fx.account(Long.parseLong(account.externalAccountId()));
  }

  @Override
  public Applies<JsonObject> lostFinalAnswer() {
    return Applies.to(new JsonObject().put("kind", "lost_response").put("match", wallPostRoute ? "wall.post" : "upload"));
  }

  @Override
  public Applies<JsonObject> expiredTokenMidway() {
    if (wallPostRoute) return Applies.to(new JsonObject().put("kind", "token_expired").put("match", "wall.post"));
    return Applies.notApplicable("on the default route only video.save, the first step, needs the token: the upload URL carries its own"
        + " signature, and the wall look-up after it only picks the link (a refused look-up gives the video's link), so no"
        + " token can fail the attempt midway; the wallPost route runs this case (VkWallPostConformance)");
  }

  @Override
  public Applies<Refusal> permanentRefusal() {
    return Applies.to(new Refusal(null, ctx -> ctx.options(new JsonObject().put("groupId", FOREIGN_GROUP)), "VK said: "));
  }

  @Override
  public Applies<JsonObject> rateLimit() {
    // past the in-attempt retries
    return Applies.to(new JsonObject().put("kind", "rate_limit").put("match", wallPostRoute ? "wall.post" : "video.save").put("count", 10));
  }

  @Override
  public Applies<Consumer<Boolean>> slowProcessing() {
    return Applies.notApplicable("VK attaches the video to the wall post at once and processes it afterwards: nothing of the"
        + " publication waits for processing, so there is nothing to recheck");
  }

  @Override
  public void close() throws Exception {
    if (fx != null) fx.close();
  }
}
