package io.clipcast.platforms.vk;

import io.clipcast.platforms.ConnectedAccount;
import io.clipcast.platforms.ErrorKind;
import io.clipcast.platforms.PlatformFailure;
import io.clipcast.platforms.PublishResult;
import io.clipcast.platforms.catalog.ApiRules;
import io.clipcast.platforms.catalog.PlatformRules;
import io.clipcast.platforms.testing.TestPublishContext;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The path that works with what VK grants (docs/platforms/vk.md, Publishing paths): by default the connector saves the
 * video with {@code wallpost=1} and lets VK post it, so it needs the {@code video} right only; a right the app lacks is
 * reported as the app's ("this VK app lacks access to …"), never as a reason to reconnect; {@code v} is the catalog's.
 */
class VkVideoWallpostTest {
  private static final Path CLIP = Path.of("../common/src/test/resources/media/portrait_h264_aac_faststart.mp4");
  private static final long USER = 6006;
  private static final long GROUP = 7117;
  /** A VK app that VK Business ID verified and granted {@code video}, but not {@code wall}: the common case. */
  private static final String VIDEO_ONLY_APP = "51000002";
  private static VkSandboxFixture fx;

  @TempDir
  Path store;

  @BeforeAll
  static void start() {
    fx = new VkSandboxFixture();
    fx.control("/vk/_sandbox/groups", new JsonObject().put("id", GROUP).put("name", "Clip Club").put("admins", new JsonArray().add(USER)));
    fx.control("/vk/_sandbox/apps", new JsonObject().put("clientId", VIDEO_ONLY_APP).put("approvedRights", new JsonArray().add("video")));
  }

  @AfterAll
  static void stop() throws Exception {
    fx.close();
  }

  @BeforeEach
  void reset() {
    fx.clear();
    fx.control("/vk/_sandbox/api", new JsonObject().put("requestsPerSecond", 0).put("processingMs", 1500).put("maxUploadBytes", 1L << 30));
  }

  private TestPublishContext context(ConnectedAccount account) throws Exception {
    return new TestPublishContext(fx.vertx, account, store, CLIP, "Sunset over the Volga #clips", "Volga sunset", null);
  }

  private static PlatformFailure failure(Future<?> f) {
    Throwable e = assertThrows(Throwable.class, () -> f.await(30, TimeUnit.SECONDS));
    return assertInstanceOf(PlatformFailure.class, e, String.valueOf(e));
  }

  private static JsonObject onlyPost() {
    List<JsonObject> posts = fx.ledger();
    assertEquals(1, posts.size(), posts.toString());
    return posts.get(0);
  }

  @Test
  void byDefaultVkPostsTheSavedVideoItselfAndNoWallPostIsCalled() throws Exception {
    TestPublishContext ctx = context(fx.account(USER, VIDEO_ONLY_APP, "vkid.personal_info video"));
    PublishResult r = fx.connector.publish(ctx).await(30, TimeUnit.SECONDS);

    JsonObject post = onlyPost();
    assertEquals(true, post.getJsonObject("extra").getBoolean("wallpost"), "posted by video.save's wallpost=1: " + post.encode());
    assertNull(post.getJsonObject("extra").getString("guid"), "wall.post was not called");
    assertEquals(ctx.sha256(), post.getString("sha256"));
    assertEquals(r.detail().getLong("videoId"), post.getJsonObject("extra").getLong("videoId"));
    assertEquals(post.getString("externalId"), r.externalId(), "the post VK made, found on the wall");
    assertEquals("https://vk.com/wall" + post.getString("externalId"), r.url());
    assertTrue(ctx.checkpoints.stream().noneMatch(c -> c.getLong("postRequestedAt") != null), ctx.checkpoints.toString());
  }

  @Test
  void whenTheWallDoesNotShowVksPostThePublicationIsTheVideo() throws Exception {
    fx.fault(new JsonObject().put("kind", "http_error").put("status", 500).put("match", "wall.get").put("count", 5));
    TestPublishContext ctx = context(fx.account(USER, VIDEO_ONLY_APP, "vkid.personal_info video"));
    PublishResult r = fx.connector.publish(ctx).await(30, TimeUnit.SECONDS);
    long video = r.detail().getLong("videoId");
    assertEquals("video" + USER + "_" + video, r.externalId());
    assertEquals("https://vk.com/video" + USER + "_" + video, r.url());
    assertEquals(true, onlyPost().getJsonObject("extra").getBoolean("wallpost"));
  }

  @Test
  void inACommunityTheVideoIsPostedOnTheCommunityWall() throws Exception {
    TestPublishContext ctx = context(fx.account(USER, VIDEO_ONLY_APP, "vkid.personal_info video"));
    ctx.options(new JsonObject().put("groupId", GROUP));
    PublishResult r = fx.connector.publish(ctx).await(30, TimeUnit.SECONDS);
    assertTrue(r.externalId().startsWith("-" + GROUP + "_"), r.externalId());
    assertEquals(-GROUP, onlyPost().getJsonObject("extra").getLong("ownerId"));
  }

  @Test
  void aLostUploadAnswerIsConfirmedWithVideoGetAndPostedOnce() throws Exception {
    fx.fault(new JsonObject().put("kind", "lost_response").put("match", "upload"));
    TestPublishContext ctx = context(fx.account(USER));
    PublishResult r = fx.connector.publish(ctx).await(30, TimeUnit.SECONDS);
    assertEquals(1, ctx.checkpoints.stream().filter(c -> c.containsKey("videoId")).count(), "the landed upload was not repeated");
    assertEquals(r.detail().getLong("videoId"), onlyPost().getJsonObject("extra").getLong("videoId"));
    assertEquals(r.externalId(), fx.connector.publish(ctx.nextAttempt()).await(30, TimeUnit.SECONDS).externalId());
    onlyPost();
  }

  @Test
  void anAppWithoutTheWallRightIsToldWhatItLacksOnTheWallPostRoute() throws Exception {
    VkConnector wallRoute = new VkConnector(new VkTimeouts(3_000, 2_000, 3));
    wallRoute.init(fx.vertx, fx.settings(new JsonObject().put("route", "wallPost")));
    // what VK ID gives a server-side app that VK did not grant wall: a token without it
    PlatformFailure f = failure(wallRoute.publish(context(fx.account(USER, VIDEO_ONLY_APP, "vkid.personal_info video"))));
    assertEquals(ErrorKind.PERMANENT, f.kind());
    assertEquals("15", f.platformCode(), f.getMessage());
    assertTrue(f.getMessage().startsWith("This VK app lacks access to posting on walls"), f.getMessage());
    assertTrue(f.getMessage().contains("docs/platforms/vk.md") && f.getMessage().contains("videoWallpost"), f.getMessage());
    assertFalse(f.getMessage().toLowerCase().contains("reconnect"), f.getMessage());
    assertTrue(fx.ledger().isEmpty());
  }

  @Test
  void anAppWithoutTheVideoRightIsToldWhatItLacks() throws Exception {
    PlatformFailure f = failure(fx.connector.publish(context(fx.account(USER, "51000003", "vkid.personal_info"))));
    assertEquals(ErrorKind.PERMANENT, f.kind());
    assertTrue(f.getMessage().startsWith("This VK app lacks access to videos"), f.getMessage());
    assertTrue(f.getMessage().contains("docs/platforms/vk.md"), f.getMessage());
    assertFalse(f.getMessage().toLowerCase().contains("reconnect"), f.getMessage());
  }

  @Test
  void everyCallCarriesTheApiVersionTheCatalogNames() throws Exception {
    PlatformRules shipped = fx.settings(new JsonObject()).rules();
    assertEquals("5.199", shipped.api().orElseThrow().version());
    PlatformRules other = new PlatformRules(shipped.id(), shipped.displayName(), shipped.rateLimits(), shipped.dailyQuota(), shipped.text(),
        shipped.media(), shipped.recheck(), Optional.of(new ApiRules("6.0", Optional.empty(), List.of(), "test")), shipped.feed(),
        shipped.upload(), shipped.shorts(), shipped.connection(), shipped.route(), shipped.app());
    VkConnector connector = new VkConnector(new VkTimeouts(3_000, 2_000, 3));
    var s = fx.settings(new JsonObject());
    connector.init(fx.vertx, new io.clipcast.platforms.ConnectorSettings(s.endpoints(), s.clientId(), s.clientSecret(), s.redirectUri(),
        other, s.client()));
    PlatformFailure f = failure(connector.publish(context(fx.account(USER))));
    assertEquals("8", f.platformCode());
    assertTrue(f.getMessage().contains("version 6.0 is not supported"), f.getMessage());
  }
}
