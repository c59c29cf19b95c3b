package io.clipcast.sandbox.dzen;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A feed a user registered in Dzen Studio, and what the importer has done with it: the items imported (guid → Dzen
 * id), the items it could not import yet (guid → why; retried on every poll) and how the last poll went. Confined to
 * the sandbox's event loop. {@code fetcher} is who polls it: Dzen's robot (imports), or a person's reader (only fetches
 * the feed, with a browser's agent: a fetch Clipcast must not count as Dzen's).
 */
final class FeedSubscription {
  final String id;
  final String url;
  final String channel;
  final long intervalMs;
  final boolean reader;
  long timerId = -1;
  int polls;
  String lastPollAt;
  String lastError;
  final Map<String, JsonObject> imported = new LinkedHashMap<>();
  final Map<String, String> itemErrors = new LinkedHashMap<>();
  /** The latest poll (polls of one feed run one after another). */
  Future<Void> tail = Future.succeededFuture();

  FeedSubscription(String id, String url, String channel, long intervalMs, boolean reader) {
    this.reader = reader;
    this.id = id;
    this.url = url;
    this.channel = channel;
    this.intervalMs = intervalMs;
  }

  String userAgent() {
    return reader ? HttpFetch.READER_AGENT : HttpFetch.ROBOT_AGENT;
  }

  JsonObject toJson() {
    JsonArray items = new JsonArray();
    imported.forEach((guid, post) -> items.add(post.copy().put("guid", guid)));
    return new JsonObject().put("id", id).put("url", url).put("channel", channel).put("intervalMs", intervalMs)
        .put("fetcher", reader ? "reader" : "robot").put("polls", polls)
        .put("lastPollAt", lastPollAt).put("lastError", lastError).put("imported", items).put("itemErrors", new JsonObject(new LinkedHashMap<>(itemErrors)));
  }
}
