package io.clipcast.sandbox.tiktok.blotato;

import io.clipcast.sandbox.kit.CallFaults;
import io.clipcast.sandbox.kit.SandboxKit;
import io.clipcast.sandbox.kit.Simulator;
import io.clipcast.sandbox.tiktok.TikTokRateLimits;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/** Blotato's REST API under {@code /blotato} and {@code /tiktok/blotato} (docs/platforms/tiktok.md, "Sandbox control routes"). */
public final class BlotatoSimulator implements Simulator {
  private static final Set<String> PRIVACY = Set.of("PUBLIC_TO_EVERYONE", "MUTUAL_FOLLOW_FRIENDS", "FOLLOWER_OF_CREATOR", "SELF_ONLY");
  private static final List<String> TIKTOK_FLAGS = List.of("disabledComments", "disabledDuet", "disabledStitch", "isBrandedContent",
      "isYourBrand", "isAiGenerated");

  /** One submission: in-progress until the media is fetched and "posted". */
  private static final class Submission {
    final String id = UUID.randomUUID().toString();
    final String apiKey;
    final JsonObject account;
    final String text;
    volatile String status = "in-progress";
    volatile String publicUrl;
    volatile String errorMessage;

    Submission(String apiKey, JsonObject account, String text) {
      this.apiKey = apiKey;
      this.account = account;
      this.text = text;
    }

    JsonObject toJson() {
      JsonObject j = new JsonObject().put("postSubmissionId", id).put("status", status);
      if (publicUrl != null) j.put("publicUrl", publicUrl);
      if (errorMessage != null) j.put("errorMessage", errorMessage);
      return j;
    }
  }

  private final Map<String, JsonArray> keys = new ConcurrentHashMap<>();
  private final Map<String, Submission> submissions = new ConcurrentHashMap<>();
  private final TikTokRateLimits limits = new TikTokRateLimits();
  private volatile long processingMs = 1000;
  private volatile int postsPerMinute = 30;
  private volatile int getsPerMinute = 60;
  private SandboxKit kit;
  private HttpClient client;
  private long nextVideoId = 7_500_000_000_000_000_000L + System.nanoTime() % 1_000_000_000L;

  public BlotatoSimulator() {
    keys.put("sandbox-blotato-key", new JsonArray().add(new JsonObject().put("id", "98432").put("platform", "tiktok")
        .put("username", "clipcast.creator").put("fullname", "Clipcast Creator")));
  }

  @Override
  public String id() {
    return "blotato";
  }

  @Override
  public void mount(Router router, SandboxKit kit) {
    this.kit = kit;
    this.client = kit.vertx().createHttpClient(new HttpClientOptions().setConnectTimeout(10_000).setIdleTimeout(60));
    BodyHandler json = BodyHandler.create().setBodyLimit(64 * 1024).setHandleFileUploads(false);
    for (String prefix : List.of("/blotato", "/tiktok/blotato")) {
      router.get(prefix + "/v2/users/me").handler(ctx -> call(ctx, "users", (reply, key) -> reply.json(200, new JsonObject().put("id", "user-" + Math.abs(key.hashCode()))
          .put("subscriptionStatus", "active"))));
      router.get(prefix + "/v2/users/me/accounts").handler(ctx -> call(ctx, "users", (reply, key) -> {
        String platform = ctx.request().getParam("platform");
        JsonArray items = new JsonArray();
        keys.get(key).stream().map(o -> (JsonObject) o).filter(a -> platform == null || platform.equals(a.getString("platform"))).forEach(items::add);
        reply.json(200, new JsonObject().put("items", items));
      }));
      router.post(prefix + "/v2/posts").handler(json).handler(ctx -> call(ctx, "posts.create", (reply, key) -> create(ctx, reply, key)));
      router.get(prefix + "/v2/posts/:id").handler(ctx -> call(ctx, "posts.get", (reply, key) -> {
        if (!limits.allow(key, "get", getsPerMinute)) throw new Refused(429, "Rate limit exceeded: 60 requests per minute for GET /posts/{id}.");
        Submission s = submissions.get(ctx.pathParam("id"));
        if (s == null || !s.apiKey.equals(key)) reply.error(404, "Post submission not found.");
        else reply.json(200, s.toJson());
      }));
    }
    router.post("/blotato/_sandbox/settings").handler(json).handler(ctx -> {
      JsonObject b = ctx.body().length() == 0 ? new JsonObject() : ctx.body().asJsonObject();
      if (b.getLong("processingMs") != null) processingMs = b.getLong("processingMs");
      if (b.getInteger("postsPerMinute") != null) postsPerMinute = b.getInteger("postsPerMinute");
      if (b.getInteger("getsPerMinute") != null) getsPerMinute = b.getInteger("getsPerMinute");
      ctx.json(new JsonObject().put("processingMs", processingMs).put("postsPerMinute", postsPerMinute).put("getsPerMinute", getsPerMinute));
    });
    router.post("/blotato/_sandbox/keys").handler(json).handler(ctx -> {
      JsonObject b = ctx.body().length() == 0 ? null : ctx.body().asJsonObject();
      if (b == null || b.getString("apiKey", "").isBlank() || b.getJsonArray("accounts") == null) {
        ctx.response().setStatusCode(400);
        ctx.json(new JsonObject().put("error", "need {apiKey, accounts: [{id, platform, username, fullname}]}"));
        return;
      }
      keys.put(b.getString("apiKey"), b.getJsonArray("accounts").copy());
      ctx.response().setStatusCode(204).end();
    });
  }

  /** A refusal in Blotato's shape, thrown from the checks. */
  private static final class Refused extends RuntimeException {
    final int status;

    Refused(int status, String message) {
      super(message, null, false, false);
      this.status = status;
    }
  }

  private interface Work {
    void run(BlotatoReply reply, String apiKey);
  }

  /** Fault, then the API key check, then the work. */
  private void call(RoutingContext ctx, String operation, Work work) {
    CallFaults.run(kit, "blotato", operation, ctx, BlotatoReply::new, (f, reply) -> {
      switch (f.kind()) {
        case "http_error" -> reply.error(f.status(), "Internal server error");
        case "rate_limit" -> {
          ctx.response().putHeader("Retry-After", Integer.toString(f.retryAfterSeconds()));
          reply.error(429, "Rate limit exceeded.");
        }
        case "token_expired" -> reply.error(401, "Invalid API key.");
        default -> {
          return false;   // lost_response and processing_failure act inside the work
        }
      }
      return true;
    }, reply -> {
      String key = ctx.request().getHeader("blotato-api-key");
      try {
        if (key == null || !keys.containsKey(key)) throw new Refused(401, "Missing or invalid blotato-api-key header.");
        work.run(reply, key);
      } catch (Refused r) {
        reply.error(r.status, r.getMessage());
      }
    });
  }

  private void create(RoutingContext ctx, BlotatoReply reply, String key) {
    if (!limits.allow(key, "post", postsPerMinute)) throw new Refused(429, "Rate limit exceeded: 30 requests per minute for POST /posts.");
    String type = ctx.request().getHeader("Content-Type");
    JsonObject b;
    try {
      b = type != null && type.toLowerCase(Locale.ROOT).startsWith("application/json") ? ctx.body().asJsonObject() : null;
    } catch (RuntimeException e) {
      b = null;
    }
    if (b == null) throw new Refused(400, "The body must be JSON (Content-Type: application/json).");
    JsonObject post = b.getValue("post") instanceof JsonObject o ? o : null;
    JsonObject content = post != null && post.getValue("content") instanceof JsonObject o ? o : null;
    JsonObject target = post != null && post.getValue("target") instanceof JsonObject o ? o : null;
    if (post == null || content == null || target == null) throw new Refused(400, "post.content and post.target are required.");
    String accountId = post.getValue("accountId") == null ? null : post.getValue("accountId").toString();
    JsonObject account = accountId == null ? null : keys.get(key).stream().map(o -> (JsonObject) o)
        .filter(a -> accountId.equals(a.getString("id"))).findFirst().orElse(null);
    if (account == null) throw new Refused(400, "post.accountId is not one of your connected accounts.");
    String platform = content.getString("platform");
    if (platform == null || !platform.equals(target.getString("targetType"))) {
      throw new Refused(400, "post.content.platform must equal post.target.targetType.");
    }
    if (!platform.equals(account.getString("platform"))) {
      throw new Refused(400, "Account " + accountId + " is a " + account.getString("platform") + " account, not " + platform + ".");
    }
    if (!(content.getValue("text") instanceof String text)) throw new Refused(400, "post.content.text is required.");
    JsonArray media = content.getValue("mediaUrls") instanceof JsonArray a ? a : null;
    if (media == null || media.size() != 1 || !(media.getValue(0) instanceof String url) || !url.matches("https?://.+")) {
      throw new Refused(400, "post.content.mediaUrls must hold exactly one http(s) URL of the video for a TikTok post.");
    }
    if (platform.equals("tiktok")) {
      if (!PRIVACY.contains(target.getString("privacyLevel", ""))) throw new Refused(400, "post.target.privacyLevel must be one of " + PRIVACY + ".");
      for (String flag : TIKTOK_FLAGS) {
        if (!(target.getValue(flag) instanceof Boolean)) throw new Refused(400, "post.target." + flag + " is required (true or false) for TikTok.");
      }
    }
    if (b.containsKey("scheduledTime")) {
      try {
        Instant.parse(b.getString("scheduledTime"));
      } catch (RuntimeException e) {
        throw new Refused(400, "scheduledTime must be an ISO 8601 instant.");
      }
    }
    Submission s = new Submission(key, account, text);
    submissions.put(s.id, s);
    fetchAndPost(s, url, reply.drawn("processing_failure"), target.copy());
    reply.json(201, new JsonObject().put("postSubmissionId", s.id));
  }

  /** Blotato downloads the media (hashed, never stored), then "posts" it to the platform after processingMs. */
  private void fetchAndPost(Submission s, String url, boolean fail, JsonObject target) {
    MessageDigest sha;
    try {
      sha = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    client.request(new RequestOptions().setMethod(HttpMethod.GET).setAbsoluteURI(url).setFollowRedirects(true))
        .compose(HttpClientRequest::send).onSuccess(resp -> {
          if (resp.statusCode() / 100 != 2) {
            resp.request().reset();
            failed(s, "Could not download the media (HTTP " + resp.statusCode() + ").");
            return;
          }
          long[] total = {0};
          resp.handler(buf -> {
            total[0] += buf.length();
            sha.update(buf.getBytes());
          });
          resp.exceptionHandler(e -> failed(s, "The media download broke off: " + e.getMessage()));
          resp.endHandler(v -> kit.vertx().setTimer(Math.max(1, processingMs), t -> {
            if (fail) {
              failed(s, "TikTok rejected the video: file_format_check_failed");
              return;
            }
            long videoId;
            synchronized (this) {
              videoId = ++nextVideoId;
            }
            s.publicUrl = "https://www.tiktok.com/@" + s.account.getString("username") + "/video/" + videoId;
            s.status = "published";
            kit.ledger().record("tiktok", s.account.getString("username"), Long.toString(videoId), s.text, null, total[0],
                HexFormat.of().formatHex(sha.digest()), new JsonObject().put("via", "blotato").put("postSubmissionId", s.id)
                    .put("accountId", s.account.getString("id")).put("target", target));
          }));
        }).onFailure(e -> failed(s, "Could not download the media: " + e.getMessage()));
  }

  private static void failed(Submission s, String message) {
    if (!"in-progress".equals(s.status)) return;
    s.errorMessage = message;
    s.status = "failed";
  }
}
