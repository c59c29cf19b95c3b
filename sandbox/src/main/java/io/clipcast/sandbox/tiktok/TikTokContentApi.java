package io.clipcast.sandbox.tiktok;

import io.clipcast.sandbox.kit.oauth.TokenBook;
import io.clipcast.sandbox.kit.SandboxKit;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

import java.net.URI;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.concurrent.ThreadLocalRandom;

/**
 * TikTok's v2 Content Posting, video and user API under {@code /tiktok/api}: bearer token and scope checks, per-token
 * limits, and TikTok's refusals (docs/platforms/tiktok.md, "Sandbox control routes").
 */
final class TikTokContentApi {
  static final long MIN_CHUNK = 5L * 1024 * 1024;
  static final long MAX_CHUNK = 64L * 1024 * 1024;
  static final long MAX_LAST_CHUNK = 128L * 1024 * 1024;
  static final long MAX_VIDEO = 4L * 1024 * 1024 * 1024;
  static final int MAX_CHUNKS = 1000;
  static final int MAX_TITLE_UTF16 = 2200;
  private static final Set<String> POST_INFO_FIELDS = Set.of("title", "privacy_level", "disable_duet", "disable_comment", "disable_stitch",
      "video_cover_timestamp_ms", "brand_content_toggle", "brand_organic_toggle", "is_aigc");

  private final SandboxKit kit;
  private final TikTokAccounts accounts;
  private final TikTokSettings settings;
  private final TikTokPosts posts;
  private final TikTokPuller puller;
  private final TikTokRateLimits limits = new TikTokRateLimits();

  TikTokContentApi(SandboxKit kit, TikTokAccounts accounts, TikTokSettings settings, TikTokPosts posts, TikTokPuller puller) {
    this.kit = kit;
    this.accounts = accounts;
    this.settings = settings;
    this.posts = posts;
    this.puller = puller;
  }

  /** A refusal in TikTok's envelope, thrown from validation. */
  static final class Refusal extends RuntimeException {
    final int status;
    final String code;

    Refusal(int status, String code, String message) {
      super(message, null, false, false);
      this.status = status;
      this.code = code;
    }

    static Refusal params(String message) {
      return new Refusal(400, "invalid_params", message);
    }
  }

  private interface Work {
    void run(RoutingContext ctx, TikTokReply reply, TokenBook.Grant<String> token, JsonObject body);
  }

  void mount(Router router) {
    BodyHandler json = BodyHandler.create().setBodyLimit(64 * 1024).setHandleFileUploads(false);
    post(router, json, "/tiktok/api/v2/post/publish/creator_info/query/", "creator_info", "video.publish", this::creatorInfo);
    post(router, json, "/tiktok/api/v2/post/publish/video/init/", "video.init", "video.publish", this::init);
    post(router, json, "/tiktok/api/v2/post/publish/status/fetch/", "status.fetch", null, this::status);
    post(router, json, "/tiktok/api/v2/video/query/", "video.query", "video.list", this::query);
    post(router, json, "/tiktok/api/v2/video/list/", "video.list", "video.list", this::list);
    router.get("/tiktok/api/v2/user/info/").handler(ctx -> call(ctx, "user.info", "user.info.basic", (reply, token) -> userInfo(ctx, reply, token)));
  }

  private void post(Router router, BodyHandler json, String path, String operation, String scope, Work work) {
    router.post(path).handler(json).handler(ctx -> call(ctx, operation, scope, (reply, token) -> work.run(ctx, reply, token, body(ctx))));
  }

  /** Fault, then the token check, then the work; a {@link Refusal} thrown on the way is answered in TikTok's envelope. */
  private void call(RoutingContext ctx, String operation, String scope, BiConsumer<TikTokReply, TokenBook.Grant<String>> work) {
    TikTokCall.run(kit, ctx, operation, reply -> {
      try {
        work.accept(reply, authorize(ctx, scope));
      } catch (Refusal r) {
        reply.error(r.status, r.code, r.getMessage());
      }
    });
  }

  private TokenBook.Grant<String> authorize(RoutingContext ctx, String scope) {
    String header = ctx.request().getHeader("Authorization");
    String token = header != null && header.startsWith("Bearer ") ? header.substring(7).trim() : null;
    TokenBook.Grant<String> g = accounts.tokens.access(token).orElse(null);
    if (g == null || g.expired()) {
      throw new Refusal(401, "access_token_invalid", "The access token is invalid or not found in the request.");
    }
    if (scope == null ? !(g.scopes().contains("video.publish") || g.scopes().contains("video.upload")) : !g.scopes().contains(scope)) {
      throw new Refusal(401, "scope_not_authorized", "The user did not authorize the scope required for completing this request ("
          + (scope == null ? "video.upload or video.publish" : scope) + ").");
    }
    return g;
  }

  private static JsonObject body(RoutingContext ctx) {
    String type = ctx.request().getHeader("Content-Type");
    if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("application/json")) {
      throw Refusal.params("Content-Type must be application/json; charset=UTF-8");
    }
    if (ctx.body().length() == 0) return new JsonObject();
    try {
      JsonObject b = ctx.body().asJsonObject();
      if (b == null) throw Refusal.params("The request body must be a JSON object");
      return b;
    } catch (RuntimeException e) {
      if (e instanceof Refusal r) throw r;
      throw Refusal.params("The request body is not valid JSON");
    }
  }

  private void limit(TokenBook.Grant<String> token, String endpoint, int perMinute) {
    if (!limits.allow(token.token(), endpoint, perMinute)) {
      throw new Refusal(429, "rate_limit_exceeded", "API rate limit exceeded: " + endpoint + " allows " + perMinute
          + " requests per minute per user access token. Retry in " + limits.retryAfterSeconds(token.token(), endpoint) + " s.");
    }
  }

  // ---- creator_info ----

  private void creatorInfo(RoutingContext ctx, TikTokReply reply, TokenBook.Grant<String> token, JsonObject body) {
    limit(token, "creator_info", settings.creatorInfoPerMinute);
    TikTokAccounts.Creator c = accounts.creator(token.subject());
    reply.ok(new JsonObject().put("creator_avatar_url", c.avatarUrl()).put("creator_username", c.username())
        .put("creator_nickname", c.displayName()).put("privacy_level_options", new JsonArray(c.privacyLevelOptions()))
        .put("comment_disabled", false).put("duet_disabled", false).put("stitch_disabled", true)
        .put("max_video_post_duration_sec", settings.maxVideoPostDurationSec));
  }

  // ---- init ----

  private void init(RoutingContext ctx, TikTokReply reply, TokenBook.Grant<String> token, JsonObject body) {
    limit(token, "video.init", settings.initPerMinute);
    JsonObject postInfo = object(body, "post_info", true);
    JsonObject source = object(body, "source_info", true);
    for (String k : postInfo.fieldNames()) if (!POST_INFO_FIELDS.contains(k)) throw Refusal.params("post_info." + k + " is not a valid field");
    String title = string(postInfo, "title", false);
    if (title != null && title.length() > MAX_TITLE_UTF16) throw Refusal.params("post_info.title is longer than " + MAX_TITLE_UTF16 + " characters");
    String privacy = string(postInfo, "privacy_level", true);
    if (!TikTokAccounts.ALL_PRIVACY.contains(privacy)) throw Refusal.params("post_info.privacy_level '" + privacy + "' is not a privacy level");
    for (String flag : List.of("disable_duet", "disable_comment", "disable_stitch", "brand_content_toggle", "brand_organic_toggle", "is_aigc")) {
      if (postInfo.containsKey(flag) && !(postInfo.getValue(flag) instanceof Boolean)) throw Refusal.params("post_info." + flag + " must be a boolean");
    }
    if (postInfo.containsKey("video_cover_timestamp_ms") && !(postInfo.getValue("video_cover_timestamp_ms") instanceof Number)) {
      throw Refusal.params("post_info.video_cover_timestamp_ms must be an integer");
    }
    String kind = string(source, "source", true);
    if (!kind.equals("FILE_UPLOAD") && !kind.equals("PULL_FROM_URL")) throw Refusal.params("source_info.source must be FILE_UPLOAD or PULL_FROM_URL");
    long[] plan = kind.equals("FILE_UPLOAD") ? chunkPlan(source) : null;
    String videoUrl = kind.equals("PULL_FROM_URL") ? videoUrl(source) : null;

    TikTokAccounts.Creator c = accounts.creator(token.subject());
    if (c.banned()) throw new Refusal(403, "spam_risk_user_banned_from_posting", "The user is banned from making new posts.");
    // an unaudited client: the account itself must be private and the post SELF_ONLY (docs/platforms/tiktok.md, "Registering the app")
    if (!settings.audited && (!c.privateAccount() || !privacy.equals("SELF_ONLY"))) {
      throw new Refusal(403, "unaudited_client_can_only_post_to_private_accounts", "Unaudited clients can only post to private accounts."
          + (c.privateAccount() ? " Use privacy_level SELF_ONLY." : ""));
    }
    if (!c.privacyLevelOptions().contains(privacy)) {
      throw new Refusal(403, "privacy_level_option_mismatch", "privacy_level " + privacy + " is not among the creator's privacy_level_options "
          + c.privacyLevelOptions() + "; query creator_info first.");
    }
    int cap = c.dailyPostCap() != null ? c.dailyPostCap() : settings.dailyPostCap;
    if (posts.postsInLastDay(c.openId()) >= cap) {
      throw new Refusal(403, "spam_risk_too_many_posts", "The daily post cap for this creator has been reached; try again tomorrow.");
    }
    if (!settings.audited && posts.postersInLastDay(token.clientId(), c.openId()) >= settings.unauditedUserCap) {
      throw new Refusal(403, "reached_active_user_cap", "The daily quota of active posting users for this unaudited client is used up.");
    }
    String id = (kind.equals("FILE_UPLOAD") ? "v_pub_file~v2-1." : "v_pub_url~v2-1.") + (7_000_000_000_000_000_000L
        + ThreadLocalRandom.current().nextLong(1_000_000_000_000_000_000L));
    String uploadToken = TikTokAccounts.random(24);
    TikTokPost p = posts.add(new TikTokPost(id, c.openId(), token.clientId(), kind, title == null ? "" : title, privacy, postInfo.copy(),
        plan == null ? 0 : plan[0], plan == null ? 0 : plan[1], plan == null ? 0 : (int) plan[2], uploadToken,
        java.time.Instant.now().plusSeconds(settings.uploadUrlTtlSeconds)));
    boolean fail = reply.drawn("processing_failure");
    p.failProcessing = fail;
    JsonObject data = new JsonObject().put("publish_id", id);
    if (plan != null) {
      data.put("upload_url", kit.publicBase() + "/tiktok/upload/video/?upload_id=" + id.substring(id.lastIndexOf('.') + 1)
          + "&upload_token=" + uploadToken);
    } else {
      puller.pull(p, videoUrl, fail);
    }
    reply.ok(data);
  }

  /** {video_size, chunk_size, total_chunk_count} after the media transfer guide's rules. */
  private static long[] chunkPlan(JsonObject source) {
    long size = integer(source, "video_size");
    long chunk = integer(source, "chunk_size");
    long count = integer(source, "total_chunk_count");
    if (size <= 0) throw Refusal.params("source_info.video_size must be positive");
    if (size > MAX_VIDEO) throw new Refusal(400, "invalid_file_upload", "The video is larger than 4 GB");
    if (chunk <= 0 || count <= 0) throw Refusal.params("source_info.chunk_size and total_chunk_count must be positive");
    if (size < MIN_CHUNK) {
      if (chunk != size || count != 1) throw Refusal.params("A video under 5 MB must be sent as one chunk: chunk_size = video_size, total_chunk_count = 1");
    } else if (count == 1 && chunk == size) {
      if (size > MAX_CHUNK) throw Refusal.params("A video over 64 MB must be uploaded in several chunks");
    } else {
      if (chunk < MIN_CHUNK || chunk > MAX_CHUNK) throw Refusal.params("chunk_size must be between 5 MB and 64 MB");
      if (count != size / chunk) throw Refusal.params("total_chunk_count must be floor(video_size / chunk_size) = " + size / chunk);
      if (count > MAX_CHUNKS) throw Refusal.params("total_chunk_count must not exceed " + MAX_CHUNKS);
      if (size - (count - 1) * chunk > MAX_LAST_CHUNK) throw Refusal.params("The last chunk would exceed 128 MB; use a larger chunk_size");
    }
    return new long[] {size, chunk, count};
  }

  private String videoUrl(JsonObject source) {
    String url = string(source, "video_url", true);
    try {
      URI u = new URI(url);
      if (!("http".equals(u.getScheme()) || "https".equals(u.getScheme())) || u.getHost() == null) throw Refusal.params("source_info.video_url must be an http(s) URL");
    } catch (java.net.URISyntaxException e) {
      throw Refusal.params("source_info.video_url is not a valid URL");
    }
    if (settings.verifiedUrlPrefixes.stream().noneMatch(url::startsWith)) {
      throw new Refusal(403, "url_ownership_unverified", "The domain or URL prefix of video_url is not verified for this app. Verify it in"
          + " the developer portal.");
    }
    return url;
  }

  // ---- status ----

  private void status(RoutingContext ctx, TikTokReply reply, TokenBook.Grant<String> token, JsonObject body) {
    limit(token, "status.fetch", settings.statusPerMinute);
    String id = string(body, "publish_id", true);
    TikTokPost p = posts.get(id).filter(x -> x.openId.equals(token.subject())).orElse(null);
    if (p == null) throw Refusal.params("publish_id " + id + " does not exist for this user");
    reply.ok(p.statusJson(settings.moderationMs));
  }

  // ---- stats ----

  private void query(RoutingContext ctx, TikTokReply reply, TokenBook.Grant<String> token, JsonObject body) {
    Set<String> fields = fields(ctx);
    JsonObject filters = object(body, "filters", true);
    if (!(filters.getValue("video_ids") instanceof JsonArray ids) || ids.isEmpty() || ids.size() > 20) {
      throw Refusal.params("filters.video_ids must list 1 to 20 video ids");
    }
    JsonArray videos = new JsonArray();
    Set<String> wanted = new LinkedHashSet<>();
    ids.forEach(i -> wanted.add(String.valueOf(i)));
    posts.publicVideosOf(token.subject()).stream().filter(p -> wanted.contains(Long.toString(p.videoId))).forEach(p -> videos.add(video(p, fields)));
    reply.ok(new JsonObject().put("videos", videos));
  }

  private void list(RoutingContext ctx, TikTokReply reply, TokenBook.Grant<String> token, JsonObject body) {
    Set<String> fields = fields(ctx);
    long max = body.containsKey("max_count") ? integer(body, "max_count") : 10;
    if (max < 1 || max > 20) throw Refusal.params("max_count must be between 1 and 20");
    long cursor = body.containsKey("cursor") ? integer(body, "cursor") : Long.MAX_VALUE;
    List<TikTokPost> mine = posts.publicVideosOf(token.subject()).stream().filter(p -> p.completedAt.toEpochMilli() < cursor).toList();
    JsonArray videos = new JsonArray();
    mine.stream().limit(max).forEach(p -> videos.add(video(p, fields)));
    long next = mine.isEmpty() ? 0 : mine.get((int) Math.min(max, mine.size()) - 1).completedAt.toEpochMilli();
    reply.ok(new JsonObject().put("videos", videos).put("cursor", next).put("has_more", mine.size() > max));
  }

  private JsonObject video(TikTokPost p, Set<String> fields) {
    TikTokAccounts.Creator c = accounts.creator(p.openId);
    JsonObject all = TikTokPosts.counters(p).put("id", Long.toString(p.videoId)).put("title", p.title)
        .put("create_time", p.completedAt.getEpochSecond())
        .put("share_url", "https://www.tiktok.com/@" + c.username() + "/video/" + p.videoId).put("duration", 0);
    JsonObject out = new JsonObject();
    fields.forEach(f -> out.put(f, all.getValue(f)));
    return out;
  }

  private static final Set<String> VIDEO_FIELDS = Set.of("id", "title", "view_count", "like_count", "comment_count", "share_count",
      "create_time", "share_url", "duration");

  private static Set<String> fields(RoutingContext ctx) {
    String f = ctx.request().getParam("fields");
    if (f == null || f.isBlank()) throw Refusal.params("The fields query parameter is required");
    Set<String> fields = new LinkedHashSet<>(Arrays.asList(f.split(",")));
    for (String x : fields) if (!VIDEO_FIELDS.contains(x)) throw Refusal.params("fields: '" + x + "' is not a video field");
    return fields;
  }

  // ---- user info ----

  private void userInfo(RoutingContext ctx, TikTokReply reply, TokenBook.Grant<String> token) {
    String f = ctx.request().getParam("fields");
    if (f == null || f.isBlank()) throw Refusal.params("The fields query parameter is required");
    TikTokAccounts.Creator c = accounts.creator(token.subject());
    JsonObject all = new JsonObject().put("open_id", c.openId()).put("union_id", c.unionId()).put("avatar_url", c.avatarUrl())
        .put("display_name", c.displayName());
    JsonObject user = new JsonObject();
    for (String field : f.split(",")) {
      switch (field) {
        case "open_id", "union_id", "avatar_url", "display_name" -> user.put(field, all.getValue(field));
        case "username" -> {
          if (!token.scopes().contains("user.info.profile")) {
            throw new Refusal(401, "scope_not_authorized", "username needs the user.info.profile scope");
          }
          user.put("username", c.username());
        }
        default -> throw Refusal.params("fields: '" + field + "' is not a user field");
      }
    }
    reply.ok(new JsonObject().put("user", user));
  }

  // ---- JSON helpers ----

  private static JsonObject object(JsonObject b, String name, boolean required) {
    Object v = b.getValue(name);
    if (v == null) {
      if (required) throw Refusal.params(name + " is required");
      return new JsonObject();
    }
    if (!(v instanceof JsonObject o)) throw Refusal.params(name + " must be an object");
    return o;
  }

  private static String string(JsonObject b, String name, boolean required) {
    Object v = b.getValue(name);
    if (v == null || (v instanceof String s && s.isEmpty() && required)) {
      if (required) throw Refusal.params(name + " is required");
      return null;
    }
    if (!(v instanceof String s)) throw Refusal.params(name + " must be a string");
    return s;
  }

  private static long integer(JsonObject b, String name) {
    Object v = b.getValue(name);
    if (v == null) throw Refusal.params(name + " is required");
    if (!(v instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue())) throw Refusal.params(name + " must be an integer");
    return n.longValue();
  }
}
