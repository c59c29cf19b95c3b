package io.clipcast.sandbox.youtube;

import io.clipcast.sandbox.kit.oauth.TokenBook;
import io.clipcast.sandbox.kit.SandboxKit;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;

/** The read side of the YouTube Data API v3 under {@code /youtube/api/youtube/v3} (docs/platforms/youtube.md, "Sandbox control routes"). */
final class YouTubeDataApi {
  private static final Set<String> CHANNEL_PARTS = Set.of("snippet", "id", "contentDetails", "statistics", "status", "brandingSettings");

  private final SandboxKit kit;
  private final GoogleTokens tokens;
  private final YouTubeQuota quota;
  private final YouTubeVideos videos;
  private final YouTubeChannels channels;

  YouTubeDataApi(SandboxKit kit, GoogleTokens tokens, YouTubeQuota quota, YouTubeVideos videos, YouTubeChannels channels) {
    this.kit = kit;
    this.tokens = tokens;
    this.quota = quota;
    this.videos = videos;
    this.channels = channels;
  }

  void mount(Router router) {
    router.get("/youtube/api/youtube/v3/videos").handler(ctx -> YouTubeFaults.run(kit, ctx, "videos.list", a -> listVideos(ctx, a)));
    router.get("/youtube/api/youtube/v3/channels").handler(ctx -> YouTubeFaults.run(kit, ctx, "channels.list", a -> listChannels(ctx, a)));
  }

  private void listVideos(RoutingContext ctx, Answer answer) {
    TokenBook.Grant<String> access = BearerAuth.check(tokens, answer, BearerAuth.Need.READ);
    if (access == null) return;
    Set<String> parts = answer.parts(RepeatedParams.joined(ctx.request(), "part"), YouTubeVideo.PARTS);
    if (parts == null) return;
    String ids = RepeatedParams.joined(ctx.request(), "id");
    if (ids == null || ids.isBlank()) {
      throw new Answer.Refusal(400, "youtube.parameter", "missingRequiredParameter", "No filter selected. Expected one of: myRating, id, chart");
    }
    String[] list = Arrays.stream(ids.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toArray(String[]::new);
    if (list.length > 50) throw new Answer.Refusal(400, "youtube.parameter", "invalidValue", "The request specifies more than 50 video ids.");
    charge(access);
    JsonArray items = new JsonArray();
    for (String id : list) {
      videos.get(id).ifPresent(v -> {
        boolean owner = v.channel().id().equals(access.subject());
        if (owner || !"private".equals(v.privacy())) items.add(v.resource(parts, owner));
      });
    }
    answer.json(200, new JsonObject().put("kind", "youtube#videoListResponse").put("etag", GoogleTokens.random(12)).put("items", items)
        .put("pageInfo", new JsonObject().put("totalResults", items.size()).put("resultsPerPage", items.size())));
  }

  private void listChannels(RoutingContext ctx, Answer answer) {
    TokenBook.Grant<String> access = BearerAuth.check(tokens, answer, BearerAuth.Need.READ);
    if (access == null) return;
    Set<String> parts = answer.parts(RepeatedParams.joined(ctx.request(), "part"), CHANNEL_PARTS);
    if (parts == null) return;
    String channelIds = RepeatedParams.joined(ctx.request(), "id");
    if (!"true".equals(ctx.request().getParam("mine")) && channelIds == null) {
      throw new Answer.Refusal(400, "youtube.parameter", "missingRequiredParameter", "No filter selected. Expected one of: mine, id, forHandle, "
          + "forUsername, managedByMe, categoryId");
    }
    charge(access);
    JsonArray items = new JsonArray();
    Set<String> wanted = "true".equals(ctx.request().getParam("mine")) ? Set.of(access.subject())
        : new LinkedHashSet<>(Arrays.asList(channelIds.split(",")));
    for (String id : wanted) {
      channels.get(id).ifPresent(c -> {
        JsonObject item = new JsonObject().put("kind", "youtube#channel").put("etag", GoogleTokens.random(12)).put("id", c.id());
        if (parts.contains("snippet")) {
          item.put("snippet", new JsonObject().put("title", c.title()).put("description", "").put("customUrl", "@" + c.id().toLowerCase())
              .put("thumbnails", new JsonObject().put("default", new JsonObject().put("url", c.thumbnail()).put("width", 88).put("height", 88))));
        }
        items.add(item);
      });
    }
    answer.json(200, new JsonObject().put("kind", "youtube#channelListResponse").put("etag", GoogleTokens.random(12))
        .put("pageInfo", new JsonObject().put("totalResults", items.size()).put("resultsPerPage", 5)).put("items", items));
  }

  private void charge(TokenBook.Grant<String> access) {
    if (!quota.chargeUnits(access.clientId(), 1)) throw Answer.quotaExceeded();
  }
}
