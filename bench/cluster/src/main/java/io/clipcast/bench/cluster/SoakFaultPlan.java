package io.clipcast.bench.cluster;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The soak's faults: on every platform, each call a publication makes is faulted with probability {@code rate} (10 % by
 * default), spread evenly over the kinds that platform can act out (docs/sandbox.md "Shared control routes",
 * docs/platforms/<id>.md "Sandbox control routes"). Sign-in calls (token endpoints, Rutube's password login) are left
 * alone: a refused refresh is the user's to fix (waiting_reconnect), which is not the fault this soak is about.
 *
 * <p>Token expiry is not drawn per call: Clipcast refreshes once when a platform calls a token expired before its time
 * and then asks the user to reconnect (publish-verticle/.../pipeline/AttemptRunner.java), so a second independent
 * draw right after a refresh would end in waiting_reconnect by design. Instead the soak makes expiry real: access tokens
 * of VK, YouTube, TikTok and LinkedIn live a minute ({@link SoakAccounts#prepareSandbox}), so every connection's token
 * expires many times during a run. Дзен's publishing makes no platform call: its faults hit Дзен's own fetches of the
 * feed ({@code poll}).
 */
public final class SoakFaultPlan {
  /** Operations (substring matches) a publication's attempt calls, per platform. */
  static final Map<String, List<String>> OPERATIONS = new LinkedHashMap<>();
  /** The kinds each platform acts out on those operations. */
  static final Map<String, List<String>> KINDS = new LinkedHashMap<>();

  static {
    List<String> common = List.of("http_error", "reset", "hang", "lost_response", "rate_limit");
    put("vk", List.of("video.save", "upload", "wall.post", "video.get"), common);
    put("rutube", List.of("video.create", "video.get", "video.own", "pull"), common);
    put("dzen", List.of("poll"), List.of("http_error", "reset", "hang", "rate_limit"));
    put("telegram", List.of("sendVideo"), common);
    put("youtube", List.of("videos.insert", "upload", "videos.list"), common);
    put("tiktok", List.of("creator_info", "video.init", "status.fetch", "upload"), common);
    put("instagram", List.of("media", "container", "upload"), common);
    put("facebook", List.of("video", "upload"), common);
    put("linkedin", List.of("videos.", "posts.", "upload"), common);
  }

  private static void put(String platform, List<String> operations, List<String> kinds) {
    OPERATIONS.put(platform, operations);
    KINDS.put(platform, kinds);
  }

  private final double rate;
  private final long hangMs;
  private final long seed;

  /**
   * @param rate   the chance that one call is faulted (0.10 = 10 %)
   * @param hangMs how long a {@code hang} holds the answer: longer than the connectors' 30 s call timeout makes it a
   *               timeout whose work still happens later
   */
  public SoakFaultPlan(double rate, long hangMs, long seed) {
    this.rate = rate;
    this.hangMs = hangMs;
    this.seed = seed;
  }

  /** Every rule, ready for {@code POST /_sandbox/faults}. */
  public List<JsonObject> rules() {
    List<JsonObject> rules = new ArrayList<>();
    long n = seed;
    for (Map.Entry<String, List<String>> e : OPERATIONS.entrySet()) {
      List<String> kinds = KINDS.get(e.getKey());
      // rules are drawn one after another: k rules of chance p fault a call with 1 - (1 - p)^k = rate
      double p = 1 - Math.pow(1 - rate, 1.0 / kinds.size());
      for (String op : e.getValue()) {
        for (String kind : kinds) {
          JsonObject r = new JsonObject().put("platform", e.getKey()).put("kind", kind).put("match", op)
              .put("probability", p).put("seed", n++);
          switch (kind) {
            case "http_error" -> r.put("status", 503);
            case "rate_limit" -> r.put("retryAfterSeconds", 1).put("status", 429);
            case "hang" -> r.put("delayMs", e.getKey().equals("dzen") ? Math.min(hangMs, 5_000) : hangMs);
            case "reset" -> r.put("afterBytes", 64 * 1024);
            default -> { }
          }
          rules.add(r);
        }
      }
    }
    return rules;
  }

  /** A one-line summary per platform for the soak's report. */
  public JsonArray describe() {
    JsonArray out = new JsonArray();
    OPERATIONS.forEach((p, ops) -> out.add(new JsonObject().put("platform", p).put("operations", new JsonArray(ops))
        .put("kinds", new JsonArray(KINDS.get(p))).put("chancePerCall", rate)));
    return out;
  }

  public double rate() {
    return rate;
  }
}
