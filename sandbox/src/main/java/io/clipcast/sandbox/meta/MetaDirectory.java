package io.clipcast.sandbox.meta;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The simulated people, their Facebook Pages and the Instagram accounts linked to those Pages. An Instagram account
 * of type {@code PERSONAL} may be linked, but Graph never shows it as the Page's {@code instagram_business_account}:
 * only professional (BUSINESS/CREATOR) accounts can publish through the API.
 * Seeded through {@code POST /<id>/_sandbox/users} (docs/platforms/instagram.md, "Sandbox control routes").
 */
public final class MetaDirectory {
  public record Instagram(String id, String username, String name, String accountType) {
    public boolean professional() {
      return accountType.equals("BUSINESS") || accountType.equals("CREATOR");
    }
  }

  public record Page(String id, String name, String category, Instagram instagram) {}

  public record User(String id, String name, List<Page> pages) {}

  public static final User DEFAULT_USER = new User("10000000000001", "Sandbox Creator", List.of(
      new Page("20000000000001", "Clip Club", "Video Creator", new Instagram("17841400000000001", "clipclub", "Clip Club", "BUSINESS"))));

  private final Map<String, User> users = new ConcurrentHashMap<>();

  public MetaDirectory() {
    put(DEFAULT_USER);
  }

  public User put(User u) {
    users.put(u.id(), u);
    return u;
  }

  public Optional<User> user(String id) {
    return Optional.ofNullable(users.get(id));
  }

  public List<User> all() {
    return new ArrayList<>(users.values());
  }

  public Optional<Page> page(String id) {
    return users.values().stream().flatMap(u -> u.pages().stream()).filter(p -> p.id().equals(id)).findFirst();
  }

  /** The Page whose professional Instagram account is {@code igUserId}. */
  public Optional<Page> pageOfInstagram(String igUserId) {
    return users.values().stream().flatMap(u -> u.pages().stream())
        .filter(p -> p.instagram() != null && p.instagram().professional() && p.instagram().id().equals(igUserId)).findFirst();
  }

  /** Parses a seeding body; fails with IllegalArgumentException naming what is wrong. */
  public static User parse(JsonObject b) {
    String id = b.getString("id");
    if (id == null || !id.matches("\\d{1,20}")) throw new IllegalArgumentException("id must be a numeric string");
    List<Page> pages = new ArrayList<>();
    JsonArray list = b.getJsonArray("pages", new JsonArray());
    for (int i = 0; i < list.size(); i++) {
      JsonObject p = list.getJsonObject(i);
      String pageId = p.getString("id");
      if (pageId == null || !pageId.matches("\\d{1,20}")) throw new IllegalArgumentException("pages[" + i + "].id must be a numeric string");
      Instagram ig = null;
      JsonObject g = p.getJsonObject("instagram");
      if (g != null) {
        String type = g.getString("accountType", "BUSINESS");
        if (!List.of("BUSINESS", "CREATOR", "PERSONAL").contains(type)) {
          throw new IllegalArgumentException("accountType must be BUSINESS, CREATOR or PERSONAL");
        }
        if (g.getString("id") == null || !g.getString("id").matches("\\d{1,20}")) {
          throw new IllegalArgumentException("pages[" + i + "].instagram.id must be a numeric string");
        }
        ig = new Instagram(g.getString("id"), g.getString("username", "ig" + g.getString("id")), g.getString("name", p.getString("name")), type);
      }
      pages.add(new Page(pageId, p.getString("name", "Page " + pageId), p.getString("category", "Creator"), ig));
    }
    return new User(id, b.getString("name", "User " + id), List.copyOf(pages));
  }
}
