package io.clipcast.sandbox.dzen;

import io.clipcast.sandbox.kit.Control;
import io.clipcast.sandbox.kit.Fault;
import io.clipcast.sandbox.kit.SandboxKit;
import io.clipcast.sandbox.kit.oauth.OAuthParams;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Dzen's RSS importer (docs/platforms/dzen.md: Dzen has no publishing API; it pulls a feed the publisher serves), driven
 * through {@code /dzen/_sandbox/feeds} (docs/platforms/dzen.md, "Sandbox control routes").
 */
final class FeedPoller {
  private static final long DEFAULT_INTERVAL_MS = 60_000;

  private final SandboxKit kit;
  private final Map<String, FeedSubscription> feeds = new LinkedHashMap<>();
  private HttpClient client;

  FeedPoller(SandboxKit kit) {
    this.kit = kit;
  }

  void mount(Router router) {
    client = kit.vertx().createHttpClient(new HttpClientOptions().setConnectTimeout(5_000).setIdleTimeout(30));
    router.post("/dzen/_sandbox/feeds/poll").handler(this::pollAll);
    router.post("/dzen/_sandbox/feeds").handler(BodyHandler.create().setBodyLimit(16 * 1024)).handler(this::register);
    router.get("/dzen/_sandbox/feeds").handler(ctx -> ctx.json(list()));
    router.delete("/dzen/_sandbox/feeds").handler(this::remove);
  }

  private void register(RoutingContext ctx) {
    JsonObject b = OAuthParams.jsonBody(ctx);
    String url = b == null ? null : b.getString("url");
    long interval = b == null ? 0 : b.getLong("intervalMs", DEFAULT_INTERVAL_MS);
    String fetcher = b == null ? null : b.getString("fetcher", "robot");
    if (url == null || !OAuthParams.httpUrl(url, false) || interval < 100 || !("robot".equals(fetcher) || "reader".equals(fetcher))) {
      Control.error(ctx, "need {\"url\": absolute http(s) feed URL, \"intervalMs\": ≥ 100 (default 60000), \"channel\": name,"
          + " \"fetcher\": \"robot\" (Dzen's importer, default) or \"reader\" (a person's feed reader: fetches, imports nothing)}");
      return;
    }
    if (feeds.containsKey(url)) {
      ctx.response().setStatusCode(409).putHeader("Content-Type", "application/json")
          .end(new JsonObject().put("error", "this feed is already registered").encode());
      return;
    }
    FeedSubscription feed = new FeedSubscription(UUID.randomUUID().toString(), url, b.getString("channel", "dzen-channel"), interval,
        "reader".equals(fetcher));
    feed.timerId = kit.vertx().setPeriodic(interval, t -> {
      if (feed.tail.isComplete()) poll(feed);   // a slow poll is not piled on
    });
    feeds.put(url, feed);
    ctx.response().setStatusCode(201).putHeader("Content-Type", "application/json").end(feed.toJson().encode());
  }

  private void remove(RoutingContext ctx) {
    String url = ctx.queryParams().get("url");
    feeds.values().removeIf(f -> {
      boolean match = url == null || f.url.equals(url);
      if (match) kit.vertx().cancelTimer(f.timerId);
      return match;
    });
    ctx.response().setStatusCode(204).end();
  }

  private void pollAll(RoutingContext ctx) {
    List<Future<Void>> polls = new ArrayList<>();
    feeds.values().forEach(f -> polls.add(poll(f)));
    Future.join(polls).onComplete(ar -> ctx.json(list()));
  }

  private JsonObject list() {
    JsonArray items = new JsonArray();
    feeds.values().forEach(f -> items.add(f.toJson()));
    return new JsonObject().put("items", items);
  }

  /** Runs a poll after the feed's current one (if any). */
  private Future<Void> poll(FeedSubscription feed) {
    Future<Void> next = feed.tail.transform(ar -> pollOnce(feed));
    feed.tail = next;
    return next;
  }

  private Future<Void> pollOnce(FeedSubscription feed) {
    feed.polls++;
    feed.lastPollAt = Instant.now().toString();
    Optional<Fault> fault = kit.faults().take("dzen", "poll");
    if (fault.isEmpty()) return fetchAndImport(feed, false);
    Fault f = fault.get();
    switch (f.kind()) {
      case "hang" -> {
        if (f.delayMs() <= 0) {
          feed.lastError = "the poll stalled (sandbox fault hang)";
          return Future.succeededFuture();
        }
        Promise<Void> later = Promise.promise();
        kit.vertx().setTimer(f.delayMs(), t -> fetchAndImport(feed, false).onComplete(later));
        return later.future();
      }
      case "processing_failure" -> {
        return fetchAndImport(feed, true);
      }
      case "slow" -> {
        return fetchAndImport(feed, false);
      }
      default -> {
        feed.lastError = "Dzen could not fetch the feed (sandbox fault " + f.kind() + ")";
        return Future.succeededFuture();
      }
    }
  }

  private Future<Void> fetchAndImport(FeedSubscription feed, boolean failImports) {
    return HttpFetch.feed(client, feed.url, feed.userAgent())
        .compose(body -> kit.vertx().executeBlocking(() -> RssFeedParser.parse(body.getBytes()), false))
        .compose(items -> {
          feed.lastError = null;
          if (feed.reader) return Future.<Void>succeededFuture();   // a reader looks; only Dzen imports
          Future<Void> chain = Future.succeededFuture();
          for (RssItem item : items) chain = chain.compose(v -> importItem(feed, item, failImports));
          return chain;
        })
        .recover(e -> {
          feed.lastError = e instanceof RssFeedParser.MalformedFeed ? "malformed feed: " + e.getMessage()
              : "could not fetch the feed: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
          return Future.succeededFuture();
        });
  }

  /** Imports one item unless it is already in; never fails the poll (the item's problem is reported instead). */
  private Future<Void> importItem(FeedSubscription feed, RssItem item, boolean failImports) {
    if (item.problem() != null) {
      feed.itemErrors.put(item.guid() == null || item.guid().isBlank() ? "(no guid)" : item.guid(), item.problem());
      return Future.succeededFuture();
    }
    if (feed.imported.containsKey(item.guid())) return Future.succeededFuture();
    if (failImports) {
      feed.itemErrors.put(item.guid(), "the import failed (sandbox fault processing_failure); retried on the next poll");
      return Future.succeededFuture();
    }
    return HttpFetch.video(client, item.enclosureUrl()).compose(video -> {
      if (item.enclosureLength() > 0 && item.enclosureLength() != video.bytes()) {
        return Future.<Void>failedFuture(new IllegalStateException("the enclosure length says " + item.enclosureLength()
            + " bytes but " + video.bytes() + " arrived"));
      }
      String externalId = dzenId();
      String url = "https://dzen.ru/video/watch/" + externalId;
      kit.ledger().record("dzen", feed.channel, externalId, item.caption(), item.title(), video.bytes(), video.sha256(),
          new JsonObject().put("guid", item.guid()).put("feedUrl", feed.url).put("url", url).put("pubDate", item.pubDate())
              .put("contentType", video.contentType()));
      feed.imported.put(item.guid(), new JsonObject().put("externalId", externalId).put("url", url).put("bytes", video.bytes()));
      feed.itemErrors.remove(item.guid());
      return Future.<Void>succeededFuture();
    }).recover(e -> {
      feed.itemErrors.put(item.guid(), "the enclosure could not be downloaded: " + e.getMessage() + "; retried on the next poll");
      return Future.succeededFuture();
    });
  }

  /** Dzen video ids are 24 hex digits ({@code dzen.ru/video/watch/<id>}). */
  private static String dzenId() {
    return OAuthParams.random(24, "0123456789abcdef");
  }
}
