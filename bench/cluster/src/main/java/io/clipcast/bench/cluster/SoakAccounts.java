package io.clipcast.bench.cluster;

import io.vertx.core.json.JsonObject;

import java.net.http.HttpRequest;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The soak's platform accounts on all nine platforms: the sandbox set up so that only the injected faults go wrong (caps
 * that would end a long run for the day raised, processing quick), and a user's connections made the way a frontend
 * makes them. VK, Telegram, YouTube and TikTok go through {@link ClusterClient#connect}; Rutube (login and password),
 * Дзен (its feed registered with the sandbox's importer), Instagram, Facebook and LinkedIn are connected here.
 */
public final class SoakAccounts {
  public static final List<String> PLATFORMS = List.of("vk", "rutube", "dzen", "telegram", "youtube", "tiktok", "instagram", "facebook",
      "linkedin");
  /** Platforms whose posts carry a title (AllNinePlatformsTest in launcher/src/test/java/io/clipcast/e2e). */
  static final Set<String> TITLED = Set.of("vk", "rutube", "dzen", "youtube", "facebook", "linkedin");
  private static final AtomicLong ACCOUNTS = new AtomicLong(ProcessHandle.current().pid() % 10_000 * 100_000 + 50_000);

  private final ClusterClient client;
  private final ProcessCluster cluster;
  private final long feedIntervalMs;
  private final Map<String, Object> locks = Map.of("dzen", new Object(), "instagram", new Object(), "facebook", new Object(),
      "linkedin", new Object());

  public SoakAccounts(ProcessCluster cluster, long feedIntervalMs) {
    this.cluster = cluster;
    this.client = cluster.client();
    this.feedIntervalMs = feedIntervalMs;
  }

  /**
   * Caps that would defer a long run to tomorrow are raised (TikTok's posts per creator and unaudited users, YouTube's
   * project quota, Instagram's 24 h publishing limit, Facebook's reels per Page, LinkedIn's posts per member), and the
   * platforms' processing takes {@code processingMs}. Access tokens of the platforms whose tokens refresh live
   * {@code tokenTtlSeconds}: token expiry is real, so Clipcast refreshes many times in a run, ahead of expiry or after
   * the platform's 401 when a token runs out in the middle of an attempt.
   */
  public void prepareSandbox(long processingMs, long tokenTtlSeconds) {
    client.sandboxPost("/tiktok/_sandbox/settings", new JsonObject().put("audited", true).put("dailyPostCap", 1_000_000)
        .put("unauditedUserCap", 1_000_000).put("initPerMinute", 1_000).put("statusPerMinute", 10_000).put("creatorInfoPerMinute", 10_000)
        .put("processingMs", processingMs));
    client.sandboxPost("/youtube/_sandbox/settings", new JsonObject().put("uploadsPerDay", 1_000_000).put("unitsPerDay", 100_000_000)
        .put("processingMs", processingMs));
    client.sandboxPost("/instagram/_sandbox/api", new JsonObject().put("publishLimit", 1_000_000).put("processingMs", processingMs));
    client.sandboxPost("/facebook/_sandbox/api", new JsonObject().put("reelsPerPagePerDay", 1_000_000).put("processingMs", processingMs));
    client.sandboxPost("/linkedin/_sandbox/settings", new JsonObject().put("memberDailyPosts", 0).put("processingMs", processingMs));
    client.sandboxPost("/vk/_sandbox/api", new JsonObject().put("processingMs", processingMs));
    client.sandboxPost("/rutube/_sandbox/settings", new JsonObject().put("processingMs", processingMs));
    for (String p : List.of("instagram", "facebook")) {
      client.sandboxPost("/" + p + "/_sandbox/oauth", new JsonObject().put("autoApprove", true));
    }
    client.sandboxPost("/dzen/_sandbox/oauth", new JsonObject().put("autoApprove", true));
    client.sandboxPost("/vk/_sandbox/oauth", new JsonObject().put("accessTokenTtlSeconds", tokenTtlSeconds));
    client.sandboxPost("/youtube/_sandbox/oauth", new JsonObject().put("accessTokenTtlSeconds", tokenTtlSeconds));
    client.sandboxPost("/tiktok/_sandbox/settings", new JsonObject().put("accessTokenTtlSeconds", tokenTtlSeconds));
    client.sandboxPost("/linkedin/_sandbox/settings", new JsonObject().put("accessTokenTtlSeconds", tokenTtlSeconds));
  }

  /** The catalog patches a long run needs: the daily caps Clipcast itself counts, raised like the sandbox's. */
  public static void raiseDailyCaps(ClusterOptions options) {
    options.catalogPatch("linkedin", new JsonObject().put("dailyQuota", new JsonObject().put("perDay", 1_000_000)));
    options.catalogPatch("youtube", new JsonObject().put("dailyQuota", new JsonObject().put("models", new JsonObject()
        .put("uploads", new JsonObject().put("uploadsPerDay", 1_000_000).put("unitsPerDay", 100_000_000))
        .put("units", new JsonObject().put("unitsPerDay", 100_000_000)))));
    options.catalogPatch("tiktok", new JsonObject().put("dailyQuota", new JsonObject().put("perDay", 1_000_000)));
    options.catalogPatch("instagram", new JsonObject().put("dailyQuota", new JsonObject().put("perDay", 1_000_000)));
    options.catalogPatch("facebook", new JsonObject().put("dailyQuota", new JsonObject().put("perDay", 1_000_000)));
  }

  /** Connects {@code platform} for {@code user}; the id lands in {@code user.connections()}. */
  public String connect(ClusterClient.User user, String platform) {
    String id = switch (platform) {
      case "vk", "telegram", "youtube", "tiktok" -> client.connect(user, platform);
      case "rutube" -> connectRutube(user);
      case "dzen" -> connectDzen(user);
      case "instagram", "facebook" -> connectMeta(user, platform);
      case "linkedin" -> {
        long n = ACCOUNTS.incrementAndGet();
        yield oauth(user, "linkedin", "/linkedin/_sandbox/oauth", new JsonObject().put("autoApprove", true)
            .put("member", new JsonObject().put("id", "soak" + Long.toString(n, 36)).put("givenName", "Soak").put("familyName", "Member " + n)));
      }
      default -> throw new IllegalArgumentException("unknown platform " + platform);
    };
    user.connections().put(platform, id);
    return id;
  }

  private String connectRutube(ClusterClient.User user) {
    long n = ACCOUNTS.incrementAndGet();
    String login = "soak" + n + "@example.com";
    client.sandboxPost("/rutube/_sandbox/accounts", new JsonObject().put("login", login).put("password", "pw").put("userId", 7_000_000L + n));
    ClusterClient.Reply r = client.json("POST", cluster.apiBase() + "/api/v1/connections", user.token(), new JsonObject().put("platform", "rutube")
        .put("credentials", new JsonObject().put("login", login).put("password", "pw")));
    if (r.status() != 201) throw new IllegalStateException("rutube connect: " + r.status() + " " + r.body());
    return r.json().getString("id");
  }

  /**
   * Instagram and Facebook: a Meta user of its own with one Page (and, for Instagram, the business account linked to
   * it), so each connection posts to its own account as on the other platforms: Instagram looks a reel whose answer was
   * lost up among the account's latest posts, which one account shared by every user would push out in seconds.
   */
  private String connectMeta(ClusterClient.User user, String platform) {
    long n = ACCOUNTS.incrementAndGet();
    String userId = Long.toString(10_100_000_000_000L + n);
    JsonObject page = new JsonObject().put("id", Long.toString(20_100_000_000_000L + n)).put("name", "Soak Page " + n);
    if (platform.equals("instagram")) {
      page.put("instagram", new JsonObject().put("id", Long.toString(17_841_500_000_000_000L + n)).put("username", "soak" + n)
          .put("accountType", "BUSINESS"));
    }
    synchronized (locks.get(platform)) {
      client.sandboxPost("/" + platform + "/_sandbox/users", new JsonObject().put("id", userId).put("name", "Soak User " + n)
          .put("pages", new io.vertx.core.json.JsonArray().add(page)));
      return oauth(user, platform, "/" + platform + "/_sandbox/oauth", new JsonObject().put("autoApprove", true).put("userId", userId));
    }
  }

  /** Дзен: the Yandex sign-in, then the connection's feed registered with the sandbox's importer (as a user pastes it into Дзен). */
  private String connectDzen(ClusterClient.User user) {
    JsonObject created = oauthReply(user, "dzen", null, null);
    long n = ACCOUNTS.incrementAndGet();
    client.sandboxPost("/dzen/_sandbox/feeds", new JsonObject().put("url", created.getString("feedUrl")).put("intervalMs", feedIntervalMs)
        .put("channel", "soak-channel-" + n));
    return created.getString("id");
  }

  private String oauth(ClusterClient.User user, String platform, String seedPath, JsonObject seed) {
    return oauthReply(user, platform, seedPath, seed).getString("id");
  }

  /** The OAuth connect of launcher/src/test/java/io/clipcast/e2e/PublishWorld.java#connectOAuth: start, authorize, callback. */
  private JsonObject oauthReply(ClusterClient.User user, String platform, String seedPath, JsonObject seed) {
    synchronized (locks.get(platform)) {
      if (seedPath != null) client.sandboxPost(seedPath, seed);
      ClusterClient.Reply started = client.json("POST", cluster.apiBase() + "/api/v1/connections/oauth/start", user.token(),
          new JsonObject().put("platform", platform));
      if (started.status() != 201) throw new IllegalStateException(platform + " oauth/start: " + started.status() + " " + started.body());
      ClusterClient.Reply approved = client.send("GET", started.json().getString("authorizeUrl"), null, null, HttpRequest.BodyPublishers.noBody());
      if (approved.status() != 302) throw new IllegalStateException(platform + " authorize answered " + approved.status() + ": " + approved.body());
      Map<String, String> back = ClusterClient.query(approved.raw().headers().firstValue("Location").orElseThrow());
      JsonObject params = new JsonObject();
      back.forEach((k, v) -> { if (!k.equals("code") && !k.equals("state")) params.put(k, v); });
      ClusterClient.Reply done = client.json("POST", cluster.apiBase() + "/api/v1/connections/oauth/callback", user.token(), new JsonObject()
          .put("state", back.get("state")).put("code", back.get("code")).put("params", params));
      if (done.status() != 201) throw new IllegalStateException(platform + " oauth/callback: " + done.status() + " " + done.body());
      return done.json();
    }
  }

  /** One target of a publish request, its caption (and title, where the platform takes one) carrying {@code token}. */
  public static JsonObject target(ClusterClient.User user, String platform, String token) {
    JsonObject t = new JsonObject().put("connectionId", user.connections().get(platform)).put("caption", token + " chaos soak #clipcast");
    if (TITLED.contains(platform)) t.put("title", token + " chaos soak");
    return t;
  }
}
