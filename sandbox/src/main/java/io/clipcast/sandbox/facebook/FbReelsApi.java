package io.clipcast.sandbox.facebook;

import io.clipcast.sandbox.kit.SandboxKit;
import io.clipcast.sandbox.meta.GraphCall;
import io.clipcast.sandbox.meta.GraphError;
import io.clipcast.sandbox.meta.GraphReply;
import io.clipcast.sandbox.meta.MetaDirectory;
import io.clipcast.sandbox.meta.MetaSettings;
import io.clipcast.sandbox.meta.MetaTokens;
import io.clipcast.sandbox.meta.RuploadHost;
import io.clipcast.sandbox.meta.UploadSession;
import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicLong;

/** The Reels Publishing API and its fault operations (docs/platforms/facebook.md, "Sandbox control routes"). */
final class FbReelsApi {
  private static final Set<String> METRICS = Set.of("blue_reels_play_count", "fb_reels_total_plays", "fb_reels_replay_count",
      "post_impressions_unique", "post_video_avg_time_watched", "post_video_view_time", "post_video_likes_by_reaction_type",
      "post_video_social_actions");

  private static final DateTimeFormatter GRAPH_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssZ");

  private final SandboxKit kit;
  private final MetaDirectory directory;
  private final MetaTokens tokens;
  private final MetaSettings settings;
  private final RuploadHost rupload;
  private final Map<String, FbVideo> videos = new ConcurrentHashMap<>();
  /** Per Page, when each reel of the rolling 24 h was published through the API: what the 30-reel cap counts. */
  private final Map<String, Deque<Instant>> publishedReels = new ConcurrentHashMap<>();
  private final AtomicLong ids = new AtomicLong(1_200_000_000_000_000L);

  FbReelsApi(SandboxKit kit, MetaDirectory directory, MetaTokens tokens, MetaSettings settings, RuploadHost rupload) {
    this.kit = kit;
    this.directory = directory;
    this.tokens = tokens;
    this.settings = settings;
    this.rupload = rupload;
  }

  void mount(Router router) {
    String api = "/facebook/api/:version";
    BodyHandler form = BodyHandler.create().setBodyLimit(64 * 1024).setHandleFileUploads(false);
    router.post(api + "/:id/video_reels").handler(form).handler(ctx -> {
      String phase = ctx.request().getParam("upload_phase");
      if (phase == null) phase = ctx.request().getFormAttribute("upload_phase");
      String op = "finish".equals(phase) ? "video_reels.finish" : "video_reels.start";
      GraphCall.run(kit, "facebook", ctx, op, (q, reply) -> videoReels(ctx, ctx.pathParam("id"), q, reply));
    });
    router.get(api + "/:id/video_reels").handler(ctx -> GraphCall.run(kit, "facebook", ctx, "video_reels.list",
        (q, reply) -> list(ctx, ctx.pathParam("id"), q, reply)));
    router.get(api + "/:id/video_insights").handler(ctx -> GraphCall.run(kit, "facebook", ctx, "video_insights",
        (q, reply) -> insights(ctx, ctx.pathParam("id"), q, reply)));
    router.get(api + "/:id").handler(ctx -> GraphCall.run(kit, "facebook", ctx, "video", (q, reply) -> node(ctx, ctx.pathParam("id"), q, reply)));
    router.post("/facebook/upload/video-upload/:version/:id").handler(ctx -> rupload.handle(ctx, ctx.pathParam("id"),
        new RuploadHost.Target(this::uploadSession, (id, s) -> { }), new JsonObject().put("success", true)));
  }

  /** The Page token of {@code pageId}, with {@code scope}. */
  private MetaTokens.Token pageToken(RoutingContext ctx, MultiMap q, String pageId, String scope, String method) {
    MetaTokens.Token t = tokens.require(GraphCall.token(ctx, q));
    if (directory.page(pageId).isEmpty()) throw GraphError.unknownObject(pageId, method);
    if (t.user()) throw GraphError.permission(210, "A page access token is required to request this resource.");
    if (!t.pageId().equals(pageId)) throw GraphError.unknownObject(pageId, method);
    if (!t.scopes().contains(scope)) throw GraphError.permission(200, "Requires " + scope + " permission to manage the object");
    return t;
  }

  private void videoReels(RoutingContext ctx, String pageId, MultiMap q, GraphReply reply) {
    pageToken(ctx, q, pageId, "pages_manage_posts", "post");
    String phase = GraphCall.required(q, "upload_phase");
    switch (phase) {
      case "start" -> start(ctx, pageId, reply);
      case "finish" -> finish(pageId, q, reply);
      default -> throw GraphError.param("upload_phase must be start or finish");
    }
  }

  private void start(RoutingContext ctx, String pageId, GraphReply reply) {
    if (settings.reelsCapAt.equals("start")) capReached(pageId);
    FbVideo v = new FbVideo(Long.toString(ids.incrementAndGet()), pageId);
    videos.put(v.id, v);
    reply.ok(new JsonObject().put("video_id", v.id)
        .put("upload_url", kit.publicBase() + "/facebook/upload/video-upload/" + ctx.pathParam("version") + "/" + v.id));
  }

  /** The Page's reels, newest first: {@code id}, {@code created_time}, {@code description}, {@code permalink_url}. */
  private void list(RoutingContext ctx, String pageId, MultiMap q, GraphReply reply) {
    pageToken(ctx, q, pageId, "pages_read_engagement", "get");
    int limit = GraphCall.intParam(q, "limit", 25);
    List<String> fields = GraphCall.fields(q, "id,created_time");
    JsonArray data = new JsonArray();
    videos.values().stream().filter(v -> v.pageId.equals(pageId)).sorted((a, b) -> b.startedAt.compareTo(a.startedAt)).limit(limit)
        .forEach(v -> {
          JsonObject item = new JsonObject().put("id", v.id);
          if (fields.contains("created_time")) item.put("created_time", GRAPH_TIME.format(v.startedAt.atOffset(ZoneOffset.UTC)));
          if (fields.contains("description") && v.description != null) item.put("description", v.description);
          if (fields.contains("permalink_url")) item.put("permalink_url", "/reel/" + v.id);
          data.add(item);
        });
    reply.ok(new JsonObject().put("data", data));
  }

  /** The Page's window, pruned to the last 24 h. */
  private Deque<Instant> window(String pageId) {
    Deque<Instant> window = publishedReels.computeIfAbsent(pageId, k -> new ConcurrentLinkedDeque<>());
    Instant cutoff = Instant.now().minusSeconds(86_400);
    while (!window.isEmpty() && window.peekFirst().isBefore(cutoff)) window.pollFirst();
    return window;
  }

  /**
   * Meta limits a Page to 30 API-published reels in a rolling 24 h and enforces it "when attempting to publish"
   * (docs/platforms/facebook.md, "Limits"), i.e. at the finish that publishes; the error code is undocumented (9 here).
   */
  private void capReached(String pageId) {
    if (window(pageId).size() >= settings.reelsPerPagePerDay) {
      throw new GraphError(400, "OAuthException", 9, null, "(#9) This Page has reached its limit of " + settings.reelsPerPagePerDay
          + " reels published through the API in 24 hours.", false);
    }
  }

  private void finish(String pageId, MultiMap q, GraphReply reply) {
    String videoId = GraphCall.required(q, "video_id");
    FbVideo v = videos.get(videoId);
    if (v == null || !v.pageId.equals(pageId)) throw GraphError.param("Invalid video_id " + videoId + " for this Page");
    String state = GraphCall.required(q, "video_state");
    if (!Set.of("PUBLISHED", "DRAFT", "SCHEDULED").contains(state)) throw GraphError.param("video_state must be PUBLISHED, DRAFT or SCHEDULED");
    if (!v.upload.complete()) {
      throw GraphError.param("The video upload is not complete: " + v.upload.received() + " of " + Math.max(0, v.upload.fileSize())
          + " bytes received");
    }
    if (v.finished()) throw GraphError.param("This reel was already finished with video_state " + v.videoState);
    Long scheduled = null;
    if (state.equals("SCHEDULED")) {
      try {
        scheduled = Long.parseLong(GraphCall.required(q, "scheduled_publish_time"));
      } catch (NumberFormatException e) {
        throw GraphError.param("scheduled_publish_time must be a unix timestamp");
      }
      long now = Instant.now().getEpochSecond();
      if (scheduled < now + 600 || scheduled > now + 30L * 86_400) {
        throw GraphError.param("scheduled_publish_time must be between 10 minutes and 30 days from now");
      }
    }
    String description = q.get("description");
    if (description != null && description.codePointCount(0, description.length()) > 2200) {
      throw GraphError.param("description is longer than 2200 characters");
    }
    if (state.equals("PUBLISHED") && settings.reelsCapAt.equals("finish")) capReached(pageId);
    if (state.equals("PUBLISHED")) window(pageId).addLast(Instant.now());
    v.videoState = state;
    v.description = description;
    v.title = q.get("title");
    v.scheduledTime = scheduled;
    v.failProcessing = reply.drawn("processing_failure");
    kit.vertx().setTimer(Math.max(1, settings.processingMs), t -> processed(v));
    reply.ok(new JsonObject().put("success", true).put("post_id", pageId + "_" + v.id));
  }

  private void processed(FbVideo v) {
    if (v.failProcessing) {
      v.processingError = "Video processing failed: the file could not be decoded (unsupported codec).";
      return;
    }
    v.processed = true;
    if (v.videoState.equals("PUBLISHED")) {
      v.publishedAt = Instant.now();
      kit.ledger().record("facebook", v.pageId, v.id, v.description, v.title, v.upload.fileSize(), v.upload.sha256(),
          new JsonObject().put("permalink", v.permalink()));
    }
  }

  private UploadSession uploadSession(String videoId, MetaTokens.Token token) {
    FbVideo v = videos.get(videoId);
    if (v == null || token.user() || !token.pageId().equals(v.pageId) || v.finished()) return null;
    return v.upload;
  }

  private FbVideo video(RoutingContext ctx, MultiMap q, String videoId, String scope) {
    FbVideo v = videos.get(videoId);
    if (v == null) throw GraphError.unknownObject(videoId, "get");
    pageToken(ctx, q, v.pageId, scope, "get");
    return v;
  }

  private void node(RoutingContext ctx, String id, MultiMap q, GraphReply reply) {
    FbVideo v = video(ctx, q, id, "pages_read_engagement");
    JsonObject out = new JsonObject().put("id", v.id);
    for (String f : GraphCall.fields(q, "id")) {
      switch (f) {
        case "status" -> out.put("status", v.status());
        case "permalink_url" -> out.put("permalink_url", "/reel/" + v.id);
        case "description" -> { if (v.description != null) out.put("description", v.description); }
        case "title" -> { if (v.title != null) out.put("title", v.title); }
        case "created_time" -> out.put("created_time", v.startedAt.toString());
        case "published" -> out.put("published", v.publishedAt != null);
        case "views" -> out.put("views", 12 + v.ageSeconds() * 9);
        case "id" -> { }
        default -> throw GraphError.param("Tried accessing nonexisting field (" + f + ") on node type (Video)");
      }
    }
    reply.ok(out);
  }

  private void insights(RoutingContext ctx, String id, MultiMap q, GraphReply reply) {
    FbVideo v = video(ctx, q, id, "pages_read_engagement");
    String metric = q.get("metric");
    List<String> names = metric == null ? METRICS.stream().sorted().toList() : List.of(metric.split(","));
    JsonArray data = new JsonArray();
    for (int i = 0; i < names.size(); i++) {
      String name = names.get(i).trim();
      if (!METRICS.contains(name)) throw GraphError.param("metric[" + i + "] must be one of the following values: " + String.join(", ", METRICS));
      if (v.publishedAt == null) continue;   // no data for a reel that is not live
      long age = v.ageSeconds();
      Object value = switch (name) {
        case "blue_reels_play_count", "fb_reels_total_plays" -> 12 + age * 9;
        case "fb_reels_replay_count" -> age;
        case "post_impressions_unique" -> 10 + age * 6;
        case "post_video_avg_time_watched" -> 5300;
        case "post_video_view_time" -> (12 + age * 9) * 5300;
        case "post_video_likes_by_reaction_type" -> new JsonObject().put("REACTION_LIKE", age / 2).put("REACTION_LOVE", age / 6);
        default -> new JsonObject().put("COMMENT", age / 5).put("SHARE", age / 8);
      };
      data.add(GraphCall.insight(id, "video_insights", name, value));
    }
    reply.ok(new JsonObject().put("data", data));
  }
}
