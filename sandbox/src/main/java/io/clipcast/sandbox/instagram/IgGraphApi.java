package io.clipcast.sandbox.instagram;

import io.clipcast.sandbox.kit.SandboxKit;
import io.clipcast.sandbox.meta.GraphCall;
import io.clipcast.sandbox.meta.GraphError;
import io.clipcast.sandbox.meta.GraphReply;
import io.clipcast.sandbox.meta.MediaPuller;
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
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/**
 * The IG user and media edges of the Graph API (docs/platforms/instagram.md, "Status polling", "Stats", "Limits"),
 * strict as Meta is; what it refuses and its fault operations: that doc's "Sandbox control routes".
 */
final class IgGraphApi {
  private static final Pattern HASHTAG = Pattern.compile("#[\\p{L}\\p{N}_]+");
  private static final Pattern MENTION = Pattern.compile("@[\\p{L}\\p{N}_.]+");
  private static final Set<String> METRICS = Set.of("views", "reach", "likes", "comments", "shares", "saved", "total_interactions",
      "ig_reels_avg_watch_time", "ig_reels_video_view_total_time");
  private static final Set<String> RETIRED = Set.of("plays", "clips_replays_count", "ig_reels_aggregated_all_plays_count", "impressions",
      "video_views");

  private final SandboxKit kit;
  private final MetaDirectory directory;
  private final MetaTokens tokens;
  private final MetaSettings settings;
  private final MediaPuller puller;
  private final RuploadHost rupload;
  private final Map<String, IgContainer> containers = new ConcurrentHashMap<>();
  private final Map<String, IgMedia> media = new ConcurrentHashMap<>();
  private final Map<String, Deque<Instant>> published = new ConcurrentHashMap<>();
  private final Set<String> failProcessing = ConcurrentHashMap.newKeySet();
  private final AtomicLong ids = new AtomicLong(17_890_000_000_000_000L);

  IgGraphApi(SandboxKit kit, MetaDirectory directory, MetaTokens tokens, MetaSettings settings, MediaPuller puller, RuploadHost rupload) {
    this.kit = kit;
    this.directory = directory;
    this.tokens = tokens;
    this.settings = settings;
    this.puller = puller;
    this.rupload = rupload;
  }

  void mount(Router router) {
    String api = "/instagram/api/:version";
    BodyHandler form = BodyHandler.create().setBodyLimit(64 * 1024).setHandleFileUploads(false);
    router.post(api + "/:id/media").handler(form).handler(ctx -> call(ctx, "media", this::createContainer));
    router.get(api + "/:id/media").handler(ctx -> call(ctx, "media.list", this::listMedia));
    router.post(api + "/:id/media_publish").handler(form).handler(ctx -> call(ctx, "media_publish", this::publish));
    router.get(api + "/:id/content_publishing_limit").handler(ctx -> call(ctx, "content_publishing_limit", this::publishingLimit));
    router.get(api + "/:id/insights").handler(ctx -> call(ctx, "insights", this::insights));
    router.get(api + "/:id").handler(ctx -> call(ctx, "container", this::node));
    router.post("/instagram/upload/ig-api-upload/:version/:id").handler(ctx -> rupload.handle(ctx, ctx.pathParam("id"),
        new RuploadHost.Target(this::uploadSession, this::bytesIn), new JsonObject().put("success", true).put("message", "Upload successful.")));
  }

  private interface Handler {
    void handle(RoutingContext ctx, String id, MultiMap params, GraphReply reply);
  }

  private void call(RoutingContext ctx, String operation, Handler h) {
    GraphCall.run(kit, "instagram", ctx, operation, (params, reply) -> h.handle(ctx, ctx.pathParam("id"), params, reply));
  }

  /** The caller's token (a user token that sees the Page {@code igUserId} is linked to, or that Page's token), with {@code scope}. */
  private MetaTokens.Token access(RoutingContext ctx, MultiMap params, String igUserId, String scope, String method) {
    MetaTokens.Token t = tokens.require(GraphCall.token(ctx, params));
    MetaDirectory.Page page = directory.pageOfInstagram(igUserId).orElse(null);
    if (page == null || !t.pages().contains(page.id()) || !t.userId().equals(owner(page))) throw GraphError.unknownObject(igUserId, method);
    if (!t.scopes().contains(scope)) throw GraphError.permission(10, "Application does not have permission for this action (" + scope + ")");
    return t;
  }

  private String owner(MetaDirectory.Page page) {
    return directory.all().stream().filter(u -> u.pages().contains(page)).map(MetaDirectory.User::id).findFirst().orElse("");
  }

  // ---- containers ----

  private void createContainer(RoutingContext ctx, String igUserId, MultiMap q, GraphReply reply) {
    access(ctx, q, igUserId, "instagram_content_publish", "post");
    String type = q.get("media_type");
    if (type == null) throw GraphError.param("The parameter media_type is required for video containers (use REELS)");
    if (!type.equals("REELS")) {
      throw GraphError.param("media_type " + type + " is not supported here: videos are published as REELS");
    }
    boolean resumable = "resumable".equals(q.get("upload_type"));
    if (q.get("upload_type") != null && !resumable) throw GraphError.param("upload_type must be resumable");
    String videoUrl = q.get("video_url");
    if (resumable && videoUrl != null) throw GraphError.param("video_url cannot be used with upload_type=resumable");
    if (!resumable && (videoUrl == null || videoUrl.isBlank())) throw GraphError.param("The parameter video_url is required");
    String caption = q.get("caption");
    if (caption != null) {
      if (caption.codePointCount(0, caption.length()) > 2200) throw GraphError.param(2207010, "The caption is longer than 2200 characters.");
      if (HASHTAG.matcher(caption).results().count() > 30) throw GraphError.param(2207010, "The caption has more than 30 hashtags.");
      if (MENTION.matcher(caption).results().count() > 20) throw GraphError.param(2207010, "The caption has more than 20 @mentions.");
    }
    String thumb = q.get("thumb_offset");
    if (thumb != null && !thumb.matches("\\d{1,9}")) throw GraphError.param(2207057, "The thumb_offset must be a whole number of milliseconds.");
    String feed = q.get("share_to_feed");
    if (feed != null && !Set.of("true", "false").contains(feed)) throw GraphError.param("share_to_feed must be true or false");
    IgContainer c = new IgContainer(Long.toString(ids.incrementAndGet()), igUserId, caption, !"false".equals(feed), resumable);
    containers.put(c.id, c);
    if (reply.drawn("processing_failure")) failProcessing.add(c.id);
    JsonObject out = new JsonObject().put("id", c.id);
    if (resumable) {
      out.put("uri", kit.publicBase() + "/instagram/upload/ig-api-upload/" + ctx.pathParam("version") + "/" + c.id);
    } else {
      puller.pull(videoUrl, settings.maxUploadBytes).onComplete(r -> {
        if (r.failed()) {
          c.error = "Error: Media download has failed. The media URI doesn't meet our requirements. (error code 2207052: "
              + r.cause().getMessage() + ")";
        } else {
          c.upload.pulledFrom(r.result().size(), r.result().sha256());
          bytesIn(c.id, c.upload);
        }
      });
    }
    reply.ok(out);
  }

  /** The container's upload, for a user token that sees the linked Page or that Page's own token, as the Graph edges take. */
  private UploadSession uploadSession(String containerId, MetaTokens.Token token) {
    IgContainer c = containers.get(containerId);
    if (c == null || !c.resumable) return null;
    MetaDirectory.Page page = directory.pageOfInstagram(c.igUserId).orElse(null);
    return page != null && token.pages().contains(page.id()) ? c.upload : null;
  }

  private void bytesIn(String containerId, UploadSession session) {
    IgContainer c = containers.get(containerId);
    if (failProcessing.remove(containerId)) {
      c.error = "Error: Media upload has failed with error code 2207026: the video format is not supported.";
      return;
    }
    c.readyAt = Instant.now().plusMillis(settings.processingMs);
  }

  private void node(RoutingContext ctx, String id, MultiMap q, GraphReply reply) {
    IgContainer c = containers.get(id);
    if (c != null) {
      access(ctx, q, c.igUserId, "instagram_basic", "get");
      JsonObject out = new JsonObject().put("id", c.id);
      for (String f : GraphCall.fields(q, "id")) {
        if (f.equals("status_code")) out.put("status_code", c.statusCode(settings.containerTtlSeconds));
        else if (f.equals("status")) out.put("status", c.status(settings.containerTtlSeconds));
        else if (!f.equals("id")) throw GraphError.param("Tried accessing nonexisting field (" + f + ") on node type (ShadowIGMediaBuilder)");
      }
      reply.ok(out);
      return;
    }
    IgMedia m = media.get(id);
    if (m != null) {
      access(ctx, q, m.igUserId(), "instagram_basic", "get");
      reply.ok(mediaJson(m, GraphCall.fields(q, "id")));
      return;
    }
    MetaDirectory.Page page = directory.pageOfInstagram(id).orElse(null);
    if (page != null) {
      access(ctx, q, id, "instagram_basic", "get");
      JsonObject out = new JsonObject().put("id", id);
      for (String f : GraphCall.fields(q, "id,username")) {
        if (f.equals("username")) out.put("username", page.instagram().username());
        else if (f.equals("name")) out.put("name", page.instagram().name());
        else if (f.equals("media_count")) out.put("media_count", media.values().stream().filter(x -> x.igUserId().equals(id)).count());
        else if (f.equals("profile_picture_url")) out.put("profile_picture_url", "https://scontent.cdninstagram.com/" + id + ".jpg");
      }
      reply.ok(out);
      return;
    }
    throw GraphError.unknownObject(id, "get");
  }

  private JsonObject mediaJson(IgMedia m, List<String> fields) {
    JsonObject out = new JsonObject().put("id", m.id());
    for (String f : fields) {
      switch (f) {
        case "permalink" -> out.put("permalink", m.permalink());
        case "shortcode" -> out.put("shortcode", m.shortcode());
        case "media_type" -> out.put("media_type", "VIDEO");
        case "media_product_type" -> out.put("media_product_type", "REELS");
        case "timestamp" -> out.put("timestamp", m.publishedAt().toString().replaceAll("\\.\\d+Z$", "Z").replace("Z", "+0000"));
        case "caption" -> { if (m.caption() != null) out.put("caption", m.caption()); }
        case "like_count" -> out.put("like_count", m.ageSeconds() / 2);
        case "comments_count" -> out.put("comments_count", m.ageSeconds() / 5);
        case "id" -> { }
        default -> throw GraphError.param("Tried accessing nonexisting field (" + f + ") on node type (IGMedia)");
      }
    }
    return out;
  }

  private void listMedia(RoutingContext ctx, String igUserId, MultiMap q, GraphReply reply) {
    access(ctx, q, igUserId, "instagram_basic", "get");
    int limit = GraphCall.intParam(q, "limit", 25);
    List<String> fields = GraphCall.fields(q, "id");
    JsonArray data = new JsonArray();
    media.values().stream().filter(m -> m.igUserId().equals(igUserId))
        .sorted((a, b) -> b.publishedAt().compareTo(a.publishedAt())).limit(limit).forEach(m -> data.add(mediaJson(m, fields)));
    reply.ok(new JsonObject().put("data", data));
  }

  // ---- publishing ----

  private void publish(RoutingContext ctx, String igUserId, MultiMap q, GraphReply reply) {
    access(ctx, q, igUserId, "instagram_content_publish", "post");
    String creationId = GraphCall.required(q, "creation_id");
    IgContainer c = containers.get(creationId);
    if (c == null || !c.igUserId.equals(igUserId)) {
      throw GraphError.param(2207006, "The media with id " + creationId + " cannot be found for this Instagram account.");
    }
    String status = c.statusCode(settings.containerTtlSeconds);
    switch (status) {
      case "PUBLISHED" -> throw GraphError.param(2207008, "This media container has already been published (as " + c.mediaId
          + "); a container can be published once.");
      case "EXPIRED" -> throw GraphError.param(2207020, "The media you are trying to access has expired. Please try to upload again.");
      case "ERROR" -> throw GraphError.param(2207032, "Media creation failed: " + c.error);
      case "IN_PROGRESS" -> throw new GraphError(400, "OAuthException", 9007, 2207027, "The media is not ready for publishing, please wait"
          + " for a moment", false);
      default -> { }
    }
    Deque<Instant> window = window(igUserId);
    if (window.size() >= settings.publishLimit) {
      throw new GraphError(400, "OAuthException", 9, 2207042, "Application request limit reached: the maximum number of posts that"
          + " can be published within 24 hours has been reached for this account.", false);
    }
    window.addLast(Instant.now());
    String mediaId = Long.toString(ids.incrementAndGet() + 10_000_000_000_000L);
    IgMedia m = new IgMedia(mediaId, igUserId, c.id, shortcode(), c.caption, c.upload.fileSize(), c.upload.sha256(), Instant.now());
    c.mediaId = mediaId;
    media.put(mediaId, m);
    kit.ledger().record("instagram", igUserId, mediaId, c.caption, null, m.bytes(), m.sha256(), new JsonObject()
        .put("containerId", c.id).put("permalink", m.permalink()).put("shareToFeed", c.shareToFeed).put("resumable", c.resumable));
    reply.ok(new JsonObject().put("id", mediaId));
  }

  /** Publish times of the last 24 h for {@code igUserId} (older ones dropped). */
  private Deque<Instant> window(String igUserId) {
    Deque<Instant> d = published.computeIfAbsent(igUserId, k -> new ConcurrentLinkedDeque<>());
    Instant cutoff = Instant.now().minusSeconds(86_400);
    while (!d.isEmpty() && d.peekFirst().isBefore(cutoff)) d.pollFirst();
    return d;
  }

  private void publishingLimit(RoutingContext ctx, String igUserId, MultiMap q, GraphReply reply) {
    access(ctx, q, igUserId, "instagram_basic", "get");
    List<String> fields = GraphCall.fields(q, "quota_usage");
    Deque<Instant> d = window(igUserId);
    long since = GraphCall.intParam(q, "since", 0);
    JsonObject item = new JsonObject();
    if (fields.contains("quota_usage")) {
      item.put("quota_usage", d.stream().filter(t -> t.getEpochSecond() >= since).count());
    }
    if (fields.contains("config")) {
      item.put("config", new JsonObject().put("quota_total", settings.publishLimit).put("quota_duration", 86_400));
    }
    reply.ok(new JsonObject().put("data", new JsonArray().add(item)));
  }

  private void insights(RoutingContext ctx, String mediaId, MultiMap q, GraphReply reply) {
    IgMedia m = media.get(mediaId);
    if (m == null) throw GraphError.unknownObject(mediaId, "get");
    access(ctx, q, m.igUserId(), "instagram_manage_insights", "get");
    String metric = GraphCall.required(q, "metric");
    if (m.ageSeconds() < settings.insightsAfterSeconds) {
      throw new GraphError(400, "OAuthException", 10, 2108006, "(#10) Not enough viewers for the media to show insights", false);
    }
    JsonArray data = new JsonArray();
    List<String> names = new ArrayList<>(List.of(metric.split(",")));
    for (int i = 0; i < names.size(); i++) {
      String name = names.get(i).trim();
      if (RETIRED.contains(name)) {
        throw new GraphError(400, "OAuthException", 100, null, "(#100) Starting from version v22.0 and for all versions from April 21, 2025, the " + name
            + " metric is no longer supported.", false);
      }
      if (!METRICS.contains(name)) throw GraphError.param("metric[" + i + "] must be one of the following values: " + String.join(", ", METRICS));
      data.add(GraphCall.insight(mediaId, "insights", name, value(name, m.ageSeconds())));
    }
    reply.ok(new JsonObject().put("data", data));
  }

  /** Counters that grow with the reel's age, so repeated reads see movement. */
  private static long value(String metric, long age) {
    return switch (metric) {
      case "views" -> 10 + age * 7;
      case "reach" -> 8 + age * 5;
      case "likes" -> age / 2;
      case "comments" -> age / 5;
      case "shares" -> age / 7;
      case "saved" -> age / 9;
      case "total_interactions" -> age / 2 + age / 5 + age / 7 + age / 9;
      case "ig_reels_avg_watch_time" -> 4200;
      default -> age * 7 * 4200;
    };
  }

  private static String shortcode() {
    return "C" + MetaTokens.random(8).substring(0, 10);
  }
}
