package io.clipcast.sandbox.vk;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** The simulated VK's people and communities: seeded through {@code /vk/_sandbox/users} and {@code …/groups}. */
final class VkUsers {
  record User(long id, String firstName, String lastName, String avatar) {
    JsonObject toJson() {
      return new JsonObject().put("id", id).put("firstName", firstName).put("lastName", lastName).put("avatar", avatar);
    }
  }

  record Group(long id, String name, Set<Long> admins) {}

  static final User DEFAULT_USER = new User(1_000_001L, "Ivan", "Petrov", "https://sun.userapi.com/sandbox/1000001.jpg");

  private final Map<Long, User> users = new ConcurrentHashMap<>(Map.of(DEFAULT_USER.id(), DEFAULT_USER));
  private final Map<Long, Group> groups = new ConcurrentHashMap<>();

  /** A user from the control API's {@code {"id", "firstName", "lastName", "avatar"}}; missing fields take defaults. */
  static User parse(JsonObject j) {
    long id = j.getLong("id", DEFAULT_USER.id());
    return new User(id, j.getString("firstName", "User"), j.getString("lastName", Long.toString(id)),
        j.getString("avatar", "https://sun.userapi.com/sandbox/" + id + ".jpg"));
  }

  User put(User u) {
    users.put(u.id(), u);
    return u;
  }

  Optional<User> user(long id) {
    return Optional.ofNullable(users.get(id));
  }

  Collection<User> all() {
    return users.values();
  }

  /** {@code {"id": 123, "name": "…", "admins": [userId…]}} */
  Group putGroup(JsonObject j) {
    JsonArray admins = j.getJsonArray("admins", new JsonArray());
    Set<Long> ids = ConcurrentHashMap.newKeySet();
    admins.forEach(a -> ids.add(((Number) a).longValue()));
    Group g = new Group(j.getLong("id"), j.getString("name", "Community " + j.getLong("id")), ids);
    groups.put(g.id(), g);
    return g;
  }

  Optional<Group> group(long id) {
    return Optional.ofNullable(groups.get(id));
  }

  boolean isAdmin(long groupId, long userId) {
    return group(groupId).map(g -> g.admins().contains(userId)).orElse(false);
  }
}
