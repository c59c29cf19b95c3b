package io.clipcast.sandbox.linkedin;

import io.clipcast.sandbox.kit.Ledger;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;

/**
 * The Posts API (docs/platforms/linkedin.md) and social actions ("Stats") under {@code /linkedin/api/rest}:
 * {@code POST /posts} → 201, empty body, the post URN in {@code x-restli-id} (recorded once in the ledger with the
 * video's bytes and SHA-256); {@code GET /posts?q=author&author=…} (the author's posts, newest first) and
 * {@code GET /posts/{urn}}; {@code GET /socialActions/{urn}} → likes and comments summaries. A post needs an
 * {@code AVAILABLE} video owned by its author, escaped little-text commentary (≤ 3000 characters),
 * {@code lifecycleState: PUBLISHED}; a video already posted is refused as a duplicate (422). Members may create
 * {@code memberDailyPosts} posts per UTC day, then 429. A Page's posts have statistics:
 * {@code GET /organizationalEntityShareStatistics?q=organizationalEntity&organizationalEntity=<org>&shares=List(<urn>,…)}
 * (scope {@code r_organization_social}, Page admins).
 */
record PostsApi(RestGate gate, LinkedInDirectory directory, LinkedInVideos videos, LinkedInPosts posts, LinkedInSettings settings, Ledger ledger) {
  private static final Set<String> VISIBILITY = Set.of("PUBLIC", "CONNECTIONS", "LOGGED_IN", "CONTAINER");
  private static final Set<String> FEED = Set.of("MAIN_FEED", "NONE");
  static final int MAX_COMMENTARY = 3000;

  void mount(Router router) {
    router.post("/linkedin/api/rest/posts").handler(BodyHandler.create().setBodyLimit(256 * 1024))
        .handler(ctx -> gate.rest(ctx, "posts.create", (c, r) -> create(ctx, c, r)));
    router.get("/linkedin/api/rest/posts").handler(ctx -> gate.rest(ctx, "posts.find", (c, r) -> find(ctx, c, r)));
    router.get("/linkedin/api/rest/posts/:urn").handler(ctx -> gate.rest(ctx, "posts.get", (c, r) -> get(ctx, c, r)));
    router.get("/linkedin/api/rest/socialActions/:urn").handler(ctx -> gate.rest(ctx, "socialActions", (c, r) -> social(ctx, r)));
    router.get("/linkedin/api/rest/organizationalEntityShareStatistics")
        .handler(ctx -> gate.rest(ctx, "shareStatistics", (c, r) -> shareStatistics(ctx, c, r)));
  }

  private void shareStatistics(RoutingContext ctx, RestGate.Caller caller, Reply reply) {
    String org = ctx.request().getParam("organizationalEntity");
    String shares = ctx.request().getParam("shares");
    if (!"organizationalEntity".equals(ctx.request().getParam("q")) || org == null || !Authorship.isOrganization(org) || !Authorship.valid(org)) {
      reply.error(400, "ILLEGAL_ARGUMENT", null, "Use q=organizationalEntity&organizationalEntity=urn:li:organization:<id>");
      return;
    }
    if (shares == null || !shares.startsWith("List(") || !shares.endsWith(")")) {
      reply.error(400, "ILLEGAL_ARGUMENT", null, "shares must be a Rest.li list: shares=List(urn%3Ali%3Ashare%3A...)");
      return;
    }
    if (!caller.has("r_organization_social") || !Authorship.mayActAs(caller, org, directory)) {
      reply.error(403, "ACCESS_DENIED", 100, "Not enough permissions to access: organizationalEntityShareStatistics.FINDER-organizationalEntity");
      return;
    }
    JsonArray elements = new JsonArray();
    for (String urn : shares.substring(5, shares.length() - 1).split(",")) {
      LinkedInPosts.Post p = posts.byUrn(urn.trim()).orElse(null);
      if (p == null || !p.author().equals(org)) continue;
      long likes = p.likes();
      long comments = p.comments();
      long shareCount = likes / 4;
      long impressions = 10 * likes + 25;
      long clicks = likes / 2;
      elements.add(new JsonObject().put("organizationalEntity", org).put("share", p.urn()).put("totalShareStatistics", new JsonObject()
          .put("impressionCount", impressions).put("uniqueImpressionsCount", impressions * 4 / 5).put("clickCount", clicks)
          .put("likeCount", likes).put("commentCount", comments).put("shareCount", shareCount)
          .put("engagement", (double) (likes + comments + shareCount + clicks) / impressions)));
    }
    reply.json(200, new JsonObject().put("elements", elements)
        .put("paging", new JsonObject().put("start", 0).put("count", elements.size()).put("links", new JsonArray())));
  }

  private void create(RoutingContext ctx, RestGate.Caller caller, Reply reply) {
    JsonObject b = JsonBodies.object(ctx, reply);
    if (b == null) return;
    String problem = invalidPost(b);
    if (problem != null) {
      reply.error(400, "ILLEGAL_ARGUMENT", null, "ERROR :: " + problem);
      return;
    }
    String author = b.getString("author");
    String commentary = b.getString("commentary");
    String text = LittleText.decode(commentary);
    String visibility = b.getString("visibility");
    JsonObject media = b.getJsonObject("content").getJsonObject("media");
    if (!caller.has(Authorship.scopeFor(author)) || !Authorship.mayActAs(caller, author, directory)) {
      reply.error(403, "ACCESS_DENIED", 100, "Not enough permissions to access: partnerApiPostsExternal.CREATE (as " + author + ")");
      return;
    }
    LinkedInVideos.Video v = videos.byUrn(media.getString("id")).orElse(null);
    if (v == null) {
      invalid(reply, "/content/media/id", "no such video " + media.getString("id"));
      return;
    }
    if (!v.owner.equals(author)) {
      invalid(reply, "/content/media/id", "the video is owned by " + v.owner + ", not by the post's author");
      return;
    }
    String status = v.status();
    if (status.equals(LinkedInVideos.PROCESSING_FAILED)) {
      reply.error(400, "MEDIA_ASSET_PROCESSING_FAILED", null, "Media asset " + v.urn() + " failed processing");
      return;
    }
    if (!status.equals(LinkedInVideos.AVAILABLE)) {
      reply.error(400, "MEDIA_ASSET_WAITING_UPLOAD", null, "Media asset " + v.urn() + " is not ready (status " + status + ")");
      return;
    }
    if (settings.memberDailyPosts > 0 && posts.todayBy(caller.member().id()) >= settings.memberDailyPosts) {
      reply.error(429, "TOO_MANY_REQUESTS", 101, "Resource level throttle MEMBER DAY limit for calls to this resource is reached.");
      return;
    }
    LinkedInPosts.Post post;
    synchronized (v) {
      if (v.postUrn != null) {
        reply.error(422, "DUPLICATE_POST", null, "Content is a duplicate of " + v.postUrn);
        return;
      }
      post = posts.create(author, caller.member().id(), commentary, visibility, v.urn(), media.getString("title"));
      v.postUrn = post.urn();
    }
    ledger.record("linkedin", author, post.urn(), text, post.title(), v.size, v.sha256, new JsonObject().put("video", v.urn())
        .put("commentary", commentary).put("visibility", visibility).put("createdBy", caller.member().urn()));
    reply.empty(201, "x-restli-id", post.urn(), "Location", "/rest/posts/" + encode(post.urn()));
  }

  /** The first problem with a new post's fields, as {@code "<path> :: <problem>"}, or null. */
  private static String invalidPost(JsonObject b) {
    if (!Authorship.valid(b.getValue("author") instanceof String s ? s : null)) {
      return "/author :: must be a urn:li:person or urn:li:organization URN";
    }
    if (!(b.getValue("commentary") instanceof String commentary)) return "/commentary :: field is required and must be a string";
    if (commentary.length() > MAX_COMMENTARY) {
      return "/commentary :: length " + commentary.length() + " exceeds the maximum allowed " + MAX_COMMENTARY;
    }
    try {
      LittleText.decode(commentary);
    } catch (IllegalArgumentException e) {
      return "/commentary :: little text error: " + e.getMessage();
    }
    if (!(b.getValue("visibility") instanceof String v) || !VISIBILITY.contains(v)) return "/visibility :: must be one of " + VISIBILITY;
    JsonObject distribution = b.getValue("distribution") instanceof JsonObject o ? o : null;
    if (distribution == null || !(distribution.getValue("feedDistribution") instanceof String feed) || !FEED.contains(feed)
        || (distribution.containsKey("targetEntities") && !(distribution.getValue("targetEntities") instanceof JsonArray))
        || (distribution.containsKey("thirdPartyDistributionChannels") && !(distribution.getValue("thirdPartyDistributionChannels") instanceof JsonArray))) {
      return "/distribution :: needs feedDistribution MAIN_FEED or NONE (targetEntities and thirdPartyDistributionChannels are arrays)";
    }
    if (!"PUBLISHED".equals(b.getValue("lifecycleState"))) return "/lifecycleState :: must be PUBLISHED when creating a post";
    if (b.containsKey("isReshareDisabledByAuthor") && !(b.getValue("isReshareDisabledByAuthor") instanceof Boolean)) {
      return "/isReshareDisabledByAuthor :: must be a boolean";
    }
    JsonObject media = b.getValue("content") instanceof JsonObject c && c.getValue("media") instanceof JsonObject m ? m : null;
    if (media == null || !(media.getValue("id") instanceof String)) {
      return "/content/media/id :: a video post needs content.media.id (urn:li:video:…)";
    }
    if (media.containsKey("title") && !(media.getValue("title") instanceof String)) return "/content/media/title :: must be a string";
    return null;
  }

  private void find(RoutingContext ctx, RestGate.Caller caller, Reply reply) {
    if (!"author".equals(ctx.request().getParam("q"))) {
      reply.error(400, "ILLEGAL_ARGUMENT", null, "Unsupported finder: use q=author&author=<urn>");
      return;
    }
    String author = ctx.request().getParam("author");
    if (!Authorship.valid(author)) {
      reply.error(400, "ILLEGAL_ARGUMENT", null, "author must be a URL-encoded urn:li:person or urn:li:organization URN");
      return;
    }
    if (!Authorship.mayActAs(caller, author, directory)) {
      reply.error(403, "ACCESS_DENIED", 100, "Not enough permissions to access: partnerApiPostsExternal.FINDER-author");
      return;
    }
    int start;
    int count;
    try {
      start = Integer.parseInt(ctx.request().getParam("start", "0"));
      count = Integer.parseInt(ctx.request().getParam("count", "10"));
    } catch (NumberFormatException e) {
      reply.error(400, "ILLEGAL_ARGUMENT", null, "start and count must be numbers");
      return;
    }
    if (start < 0 || count < 1 || count > 100) {
      reply.error(400, "ILLEGAL_ARGUMENT", null, "start must be >= 0 and count between 1 and 100");
      return;
    }
    List<LinkedInPosts.Post> all = posts.byAuthor(author);
    JsonArray elements = new JsonArray();
    all.stream().skip(start).limit(count).forEach(p -> elements.add(json(p)));
    reply.json(200, new JsonObject().put("elements", elements)
        .put("paging", new JsonObject().put("start", start).put("count", count).put("total", all.size()).put("links", new JsonArray())));
  }

  private void get(RoutingContext ctx, RestGate.Caller caller, Reply reply) {
    LinkedInPosts.Post p = post(ctx, reply);
    if (p == null) return;
    if (!Authorship.mayActAs(caller, p.author(), directory) && !p.visibility().equals("PUBLIC")) {
      reply.error(403, "ACCESS_DENIED", 100, "Not enough permissions to access: partnerApiPostsExternal.GET");
      return;
    }
    reply.json(200, json(p));
  }

  private void social(RoutingContext ctx, Reply reply) {
    LinkedInPosts.Post p = post(ctx, reply);
    if (p == null) return;
    long likes = p.likes();
    long comments = p.comments();
    reply.json(200, new JsonObject().put("target", p.urn())
        .put("likesSummary", new JsonObject().put("totalLikes", likes).put("aggregatedTotalLikes", likes).put("likedByCurrentUser", false))
        .put("commentsSummary", new JsonObject().put("totalFirstLevelComments", comments).put("aggregatedTotalComments", comments)));
  }

  /** The post named by the (URL-encoded) last path segment, or null after answering 400/404. */
  private LinkedInPosts.Post post(RoutingContext ctx, Reply reply) {
    String raw = VideosApi.rawLastSegment(ctx);
    if (raw.contains(":")) {
      reply.error(400, "ILLEGAL_ARGUMENT", null, "The URN in the path must be URL-encoded (urn%3Ali%3Ashare%3A...)");
      return null;
    }
    LinkedInPosts.Post p = posts.byUrn(URLDecoder.decode(raw, StandardCharsets.UTF_8)).orElse(null);
    if (p == null) reply.error(404, "NOT_FOUND", null, "Post not found");
    return p;
  }

  private static JsonObject json(LinkedInPosts.Post p) {
    JsonObject media = new JsonObject().put("id", p.videoUrn());
    if (p.title() != null) media.put("title", p.title());
    return new JsonObject().put("id", p.urn()).put("author", p.author()).put("commentary", p.commentary()).put("visibility", p.visibility())
        .put("lifecycleState", "PUBLISHED").put("content", new JsonObject().put("media", media))
        .put("distribution", new JsonObject().put("feedDistribution", "MAIN_FEED").put("targetEntities", new JsonArray())
            .put("thirdPartyDistributionChannels", new JsonArray()))
        .put("createdAt", p.createdAtMs()).put("publishedAt", p.createdAtMs()).put("lastModifiedAt", p.createdAtMs())
        .put("isReshareDisabledByAuthor", false);
  }

  private static void invalid(Reply reply, String path, String problem) {
    reply.error(400, "ILLEGAL_ARGUMENT", null, "ERROR :: " + path + " :: " + problem);
  }

  private static String encode(String urn) {
    return URLEncoder.encode(urn, StandardCharsets.UTF_8);
  }
}
