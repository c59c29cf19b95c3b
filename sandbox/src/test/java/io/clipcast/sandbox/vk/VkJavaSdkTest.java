package io.clipcast.sandbox.vk;

import com.vk.api.sdk.client.TransportClient;
import com.vk.api.sdk.client.VkApiClient;
import com.vk.api.sdk.client.actors.UserActor;
import com.vk.api.sdk.exceptions.ApiException;
import com.vk.api.sdk.httpclient.HttpTransportClient;
import com.vk.api.sdk.objects.video.VideoFull;
import com.vk.api.sdk.objects.video.responses.SaveResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * VK's official Java SDK ({@code com.vk.api:sdk}, docs/platforms/vk.md [S16]) runs its normal publish flow against the
 * simulator unmodified: {@code video.save} → {@code upload().video()} → {@code wall.post}, {@code video.get}, and
 * {@code video.save} with {@code wallpost=1}. Only its address changes: the SDK builds {@code https://<api.host>/method/},
 * so the client is pointed at the simulator by overriding {@link VkApiClient#getApiEndpoint()}, the public getter
 * every request reads. A refusal comes back as the SDK's own exception carrying VK's error code.
 */
class VkJavaSdkTest {
  private static final long USER = 3101;
  private static VkSandbox sb;
  private static VkApiClient vk;

  @TempDir
  static Path dir;
  private static File clip;

  @BeforeAll
  static void start() throws Exception {
    sb = new VkSandbox();
    TransportClient transport = new HttpTransportClient();
    String endpoint = sb.base + "/vk/api/method/";
    vk = new VkApiClient(transport) {
      @Override
      public String getApiEndpoint() {
        return endpoint;
      }
    };
    byte[] bytes = new byte[200_000];
    new Random(11).nextBytes(bytes);
    clip = Files.write(dir.resolve("clip.mp4"), bytes).toFile();
  }

  @AfterAll
  static void stop() throws Exception {
    sb.close();
  }

  @BeforeEach
  void reset() throws Exception {
    sb.deleteFaults();
    sb.send(HttpMethod.DELETE, "/_sandbox/posts", null, null);
    sb.control("/vk/_sandbox/api", new JsonObject().put("requestsPerSecond", 0).put("processingMs", 0));
  }

  private static UserActor actor(String clientId, String scope) throws Exception {
    JsonObject t = sb.control("/vk/_sandbox/tokens", new JsonObject().put("userId", USER).put("clientId", clientId).put("scope", scope));
    return new UserActor(USER, t.getString("access_token"));
  }

  private static JsonArray ledger() throws Exception {
    return new JsonObject(sb.get("/_sandbox/posts?platform=vk").body()).getJsonArray("items");
  }

  @Test
  void savesUploadsAndPostsOnTheWallWithTheSdk() throws Exception {
    UserActor me = actor("51000001", "vkid.personal_info wall video");
    SaveResponse saved = vk.video().save(me).name("SDK clip").description("from the official SDK").execute();
    assertEquals(USER, saved.getOwnerId());
    assertNotNull(saved.getUploadUrl());

    var uploaded = vk.upload().video(saved.getUploadUrl().toString(), clip).execute();
    assertEquals(clip.length(), uploaded.getSize().longValue());

    String attachment = "video" + saved.getOwnerId() + "_" + saved.getVideoId();
    Integer postId = vk.wall().post(me).ownerId(USER).message("posted by the SDK").attachments(attachment).guid("sdk-1").execute().getPostId();
    assertNotNull(postId);
    JsonArray posts = ledger();
    assertEquals(1, posts.size(), posts.encode());
    assertEquals(USER + "_" + postId, posts.getJsonObject(0).getString("externalId"));
    assertEquals(clip.length(), posts.getJsonObject(0).getLong("bytes"));

    List<VideoFull> items = vk.video().get(me).ownerId(USER).videos(USER + "_" + saved.getVideoId()).execute().getItems();
    assertEquals(1, items.size());
    assertEquals(saved.getVideoId(), items.get(0).getId());
  }

  @Test
  void wallpostOnVideoSaveLetsVkPostTheVideoItself() throws Exception {
    UserActor me = actor("51000001", "vkid.personal_info video");
    SaveResponse saved = vk.video().save(me).name("SDK wallpost").wallpost(true).execute();
    vk.upload().video(saved.getUploadUrl().toString(), clip).execute();
    JsonArray posts = ledger();
    assertEquals(1, posts.size(), posts.encode());
    assertEquals(true, posts.getJsonObject(0).getJsonObject("extra").getBoolean("wallpost"));
  }

  @Test
  void aTokenWithoutTheWallRightIsRefusedWithVksAccessError() throws Exception {
    UserActor me = actor("51000001", "vkid.personal_info video");
    ApiException e = assertThrows(ApiException.class, () -> vk.wall().post(me).ownerId(USER).message("no wall right").execute());
    assertEquals(15, e.getCode(), e.getMessage());
    assertTrue(e.getMessage().contains("no access to call this method"), e.getMessage());
  }
}
