package io.clipcast.sandbox.youtube;

import io.vertx.core.json.JsonObject;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** The channels of the simulated YouTube: the Google account signing in owns one channel ({@code UC…} id). */
final class YouTubeChannels {
  record Channel(String id, String title, String thumbnail) {
    JsonObject toJson() {
      return new JsonObject().put("id", id).put("title", title).put("thumbnail", thumbnail);
    }
  }

  static final Channel DEFAULT = new Channel("UCsandboxDefaultChannel0", "Sandbox Channel", "https://yt3.ggpht.com/sandbox-default");

  private final Map<String, Channel> channels = new ConcurrentHashMap<>(Map.of(DEFAULT.id(), DEFAULT));

  Channel put(Channel c) {
    channels.put(c.id(), c);
    return c;
  }

  Optional<Channel> get(String id) {
    return Optional.ofNullable(channels.get(id));
  }

  /** {@code {"id","title","thumbnail"}}: a channel from the control API, with defaults for what is missing. */
  static Channel parse(JsonObject b) {
    String id = b.getString("id", "UC" + GoogleTokens.random(16).replace('-', 'x').replace('_', 'y').substring(0, 22));
    return new Channel(id, b.getString("title", "Channel " + id), b.getString("thumbnail", "https://yt3.ggpht.com/" + id));
  }
}
