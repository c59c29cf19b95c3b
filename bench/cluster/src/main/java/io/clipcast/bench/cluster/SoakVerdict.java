package io.clipcast.bench.cluster;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The soak's pass/fail, from three sources that do not trust each other: what the API acknowledged (every 201's
 * publications), what the API shows now, and what the platforms (the sandbox ledger) hold. Each publication's caption
 * carries a token unique to it ({@link #token}), so every ledger post names the publication it belongs to.
 *
 * <p>Breaches (issue 14, item 6): a publication not terminal, or terminal without a reason; one the API acknowledged and
 * no longer shows (lost); two posts for one publication (duplicate); {@code unknown} on a platform that can be asked
 * whether a post exists (all but Telegram). Also counted as breaches, because each is a lie told to the user: a
 * {@code published} publication with no post, and a post whose publication is not in the API at all. A post whose
 * publication says {@code failed} is counted and shown but is not a breach: the user was told to retry.
 */
public final class SoakVerdict {
  /** Platforms that cannot be asked whether a post exists: a lost answer ends {@code unknown} there (docs/platforms/telegram.md). */
  public static final Set<String> UNASKABLE = Set.of("telegram");
  public static final Set<String> TERMINAL = Set.of("published", "failed", "unknown", "cancelled");
  private static final Pattern TOKEN = Pattern.compile("soak(\\d{7})p([a-z]+)");

  /** A publication the API acknowledged with 201. */
  public record Created(String id, String platform, String token) {}

  /** One platform's row. */
  public static final class Tally {
    final String platform;
    int created, published, failed, unknown, cancelled, notTerminal, noReason, lost, posts, duplicates, publishedNoPost, postedButFailed,
        strayPosts;

    Tally(String platform) {
      this.platform = platform;
    }

    public int created() {
      return created;
    }

    public int published() {
      return published;
    }

    public int failed() {
      return failed;
    }

    public int unknown() {
      return unknown;
    }

    public int duplicates() {
      return duplicates;
    }

    public int lost() {
      return lost;
    }

    public int notTerminal() {
      return notTerminal;
    }
  }

  private final Map<String, Tally> rows = new LinkedHashMap<>();
  private final List<String> breaches = new ArrayList<>();
  private final List<String> notes = new ArrayList<>();
  private final Map<String, Integer> failureCodes = new HashMap<>();

  public static String token(int seq, String platform) {
    return String.format("soak%07dp%s", seq, platform);
  }

  /**
   * @param created      every publication the API acknowledged
   * @param shown        every publication the API lists now, by id
   * @param ledger       the sandbox's posts, by platform
   */
  public static SoakVerdict judge(List<Created> created, Map<String, JsonObject> shown, Map<String, JsonArray> ledger, List<String> platforms) {
    SoakVerdict v = new SoakVerdict();
    platforms.forEach(p -> v.rows.put(p, new Tally(p)));
    Map<String, Created> byToken = new HashMap<>();
    for (Created c : created) byToken.put(c.token(), c);
    Map<String, Integer> postsByToken = new HashMap<>();
    for (Map.Entry<String, JsonArray> e : ledger.entrySet()) {
      Tally t = v.row(e.getKey());
      for (Object o : e.getValue()) {
        JsonObject post = (JsonObject) o;
        String token = tokenOf(post);
        if (token == null) continue;
        t.posts++;
        postsByToken.merge(token, 1, Integer::sum);
        if (!byToken.containsKey(token)) {
          t.strayPosts++;
          v.breach(e.getKey() + ": a post (" + post.getString("externalId") + ") whose publication the API never acknowledged: " + token);
        }
      }
    }
    for (Created c : created) {
      Tally t = v.row(c.platform());
      t.created++;
      int posts = postsByToken.getOrDefault(c.token(), 0);
      if (posts > 1) {
        t.duplicates += posts - 1;
        v.breach(c.platform() + ": publication " + c.id() + " (" + c.token() + ") was posted " + posts + " times");
      }
      JsonObject p = shown.get(c.id());
      if (p == null) {
        t.lost++;
        v.breach(c.platform() + ": publication " + c.id() + " was acknowledged by the API and is gone");
        continue;
      }
      String status = p.getString("status");
      switch (status) {
        case "published" -> t.published++;
        case "failed" -> t.failed++;
        case "unknown" -> t.unknown++;
        case "cancelled" -> t.cancelled++;
        default -> t.notTerminal++;
      }
      if (!TERMINAL.contains(status)) {
        v.breach(c.platform() + ": publication " + c.id() + " is still " + status + " (attempts " + p.getValue("attempts") + ", last error "
            + p.getValue("lastError") + ")");
        continue;
      }
      if (!hasReason(p)) {
        t.noReason++;
        v.breach(c.platform() + ": publication " + c.id() + " ended " + status + " without a reason: " + p.encode());
      }
      if (status.equals("unknown") && !UNASKABLE.contains(c.platform())) {
        v.breach(c.platform() + ": publication " + c.id() + " ended unknown, but " + c.platform() + " can be asked: " + p.getValue("lastError"));
      }
      if (status.equals("published") && posts == 0) {
        t.publishedNoPost++;
        v.breach(c.platform() + ": publication " + c.id() + " says published and the platform has no post for it");
      }
      if (status.equals("failed") && posts > 0) {
        t.postedButFailed++;
        v.notes.add(c.platform() + ": publication " + c.id() + " says failed and the platform has its post: " + p.getValue("lastError"));
      }
      if (status.equals("failed") || status.equals("unknown")) {
        JsonObject err = p.getJsonObject("lastError");
        v.failureCodes.merge(c.platform() + " " + status + " " + (err == null ? "-" : err.getString("code")), 1, Integer::sum);
      }
    }
    return v;
  }

  /** A terminal status says why: published names the post (Дзен: our own id), failed/unknown carry the last error. */
  static boolean hasReason(JsonObject p) {
    return switch (p.getString("status")) {
      case "published" -> p.getString("externalId") != null && p.getString("publishedAt") != null;
      case "failed", "unknown" -> p.getJsonObject("lastError") != null && p.getJsonObject("lastError").getString("message") != null
          && !p.getJsonObject("lastError").getString("message").isBlank();
      default -> true;
    };
  }

  static String tokenOf(JsonObject post) {
    for (String field : new String[] {"caption", "title"}) {
      String s = post.getString(field);
      if (s == null) continue;
      Matcher m = TOKEN.matcher(s);
      if (m.find()) return m.group();
    }
    return null;
  }

  private Tally row(String platform) {
    return rows.computeIfAbsent(platform, Tally::new);
  }

  private void breach(String what) {
    breaches.add(what);
  }

  public List<String> breaches() {
    return breaches;
  }

  /** What is worth a look but not a breach (a post whose publication says failed). */
  public List<String> notes() {
    return notes;
  }

  public boolean passed() {
    return breaches.isEmpty();
  }

  public Map<String, Tally> rows() {
    return rows;
  }

  /** The per-platform table (Markdown, so it pastes into a note as it is). */
  public String table() {
    StringBuilder b = new StringBuilder();
    b.append("| platform | created | published | failed | unknown | not terminal | no reason | lost | duplicates | published, no post | posted, said failed | stray posts |\n");
    b.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    Tally sum = new Tally("all");
    for (Tally t : rows.values()) {
      line(b, t);
      sum.created += t.created;
      sum.published += t.published;
      sum.failed += t.failed;
      sum.unknown += t.unknown;
      sum.notTerminal += t.notTerminal;
      sum.noReason += t.noReason;
      sum.lost += t.lost;
      sum.duplicates += t.duplicates;
      sum.publishedNoPost += t.publishedNoPost;
      sum.postedButFailed += t.postedButFailed;
      sum.strayPosts += t.strayPosts;
    }
    line(b, sum);
    return b.toString();
  }

  private static void line(StringBuilder b, Tally t) {
    b.append("| ").append(t.platform).append(" | ").append(t.created).append(" | ").append(t.published).append(" | ").append(t.failed)
        .append(" | ").append(t.unknown).append(UNASKABLE.contains(t.platform) ? " (allowed)" : "").append(" | ").append(t.notTerminal)
        .append(" | ").append(t.noReason).append(" | ").append(t.lost).append(" | ").append(t.duplicates).append(" | ")
        .append(t.publishedNoPost).append(" | ").append(t.postedButFailed).append(" | ").append(t.strayPosts).append(" |\n");
  }

  /** How the failed and unknown ones ended: "platform status code" → count. */
  public Map<String, Integer> failureCodes() {
    return failureCodes;
  }
}
