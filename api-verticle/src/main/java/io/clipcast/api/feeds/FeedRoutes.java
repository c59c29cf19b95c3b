package io.clipcast.api.feeds;

import io.clipcast.platforms.FeedRenderer;
import io.clipcast.storage.MediaUrls;
import io.clipcast.platforms.ConnectedAccount;
import io.clipcast.platforms.ConnectorRegistry;
import io.clipcast.platforms.FeedItem;
import io.clipcast.publication.PublicationLifecycle;
import io.clipcast.publication.StatusChange;
import io.clipcast.queue.JobQueue;
import io.clipcast.web.ApiError;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * {@code GET /feeds/{secret}.xml}: the feed a feed-based platform (one without a publishing API, which pulls posts
 * instead) fetches for one connection. Public, because the platform's fetcher cannot sign in: the unguessable secret in
 * the URL is the credential, and an unknown one is a plain 404. Lists the connection's publications that are being or
 * have been published (newest {@value #MAX_ITEMS}), each with a signed media URL the platform downloads the clip from,
 * rendered by the platform's connector.
 *
 * <p>Anyone holding the URL gets the feed, but only a fetch by the platform's verified fetcher ({@link FeedFetchers}:
 * its User-Agent and an address verified by DNS, docs/platforms/dzen.md) counts: it is recorded as the connection's
 * {@code feedFetchedAt}, and the listed publications still {@code publishing} are published at that moment through the
 * lifecycle, with who fetched and what the platform did not confirm (its import); their deadline jobs leave the queue.
 * Any other fetch (the user's browser, a feed reader) is recorded apart and publishes nothing. Nothing polls.
 */
public final class FeedRoutes {
  static final int MAX_ITEMS = 50;
  private static final Pattern SECRET = Pattern.compile("[A-Za-z0-9_-]{32,128}");

  private final FeedStore store;
  private final ConnectorRegistry connectors;
  private final MediaUrls mediaUrls;
  private final String publicUrl;
  private final long mediaTtlSeconds;
  private final Clock clock;
  private final JobQueue queue;
  private final PublicationLifecycle lifecycle;
  private final FeedFetchers fetchers;

  public FeedRoutes(Pool pg, JobQueue queue, PublicationLifecycle lifecycle, ConnectorRegistry connectors, JsonObject config, Clock clock) {
    this(pg, queue, lifecycle, connectors, config, clock, HostNames.SYSTEM);
  }

  /** Tests answer DNS themselves. */
  FeedRoutes(Pool pg, JobQueue queue, PublicationLifecycle lifecycle, ConnectorRegistry connectors, JsonObject config, Clock clock,
             HostNames dns) {
    this.fetchers = FeedFetchers.from(config, dns);
    this.queue = queue;
    this.lifecycle = lifecycle;
    this.store = new FeedStore(pg, new FeedTokens(config.getJsonObject("auth").getString("jwtSecret")));
    this.connectors = connectors;
    this.mediaUrls = new MediaUrls(config.getJsonObject("auth").getString("jwtSecret"));
    this.publicUrl = FeedLinks.publicUrl(config);
    this.mediaTtlSeconds = Math.max(60, config.getJsonObject("clips").getInteger("mediaUrlTtlSeconds"));
    this.clock = clock;
  }

  public void mount(Router router) {
    router.get("/feeds/:secret.xml").handler(this::feed);
  }

  private void feed(RoutingContext ctx) {
    ctx.put(io.clipcast.ops.AccessLog.LOGGED_PATH, "/feeds/{secret}.xml"); // the path is the credential: never logged
    String secret = ctx.pathParam("secret");
    if (secret == null || !SECRET.matcher(secret).matches()) throw ApiError.notFound("Feed");
    Instant fetchedAt = clock.instant();
    store.connection(secret).compose(conn -> {
      FeedRenderer feed = conn == null ? null : connectors.feedRenderer(conn.platform()).orElse(null);
      if (feed == null) return Future.<String>failedFuture(ApiError.notFound("Feed"));
      ConnectedAccount account = new ConnectedAccount(conn.externalAccountId(), conn.displayName(), conn.avatarUrl(), null, null, null,
          List.of(), conn.metadata());
      String agent = ctx.request().getHeader("User-Agent");
      String address = ctx.request().remoteAddress() == null ? null : ctx.request().remoteAddress().host();
      return store.items(conn, MAX_ITEMS).compose(rows -> {
        List<FeedItem> items = new ArrayList<>();
        for (Row r : rows) items.add(item(r));
        String xml = feed.renderFeed(account, FeedLinks.feedUrl(publicUrl, secret), items);
        return fetchers.identify(ctx.vertx(), conn.platform(), agent, address).compose(fetcher -> {
          if (fetcher == null) return store.recordOtherFetch(conn.id(), fetchedAt, agent).map(xml);
          List<java.util.UUID> listed = items.stream().map(FeedItem::publicationId).toList();
          String channel = conn.metadata() == null ? null : conn.metadata().getString("channelUrl");
          return store.recordFetch(conn.id(), fetchedAt, fetcher)
              .compose(v -> lifecycle.publishedByFetch(conn.id(), listed, fetchedAt, channel, known(conn.platform(), fetcher)))
              .map(published -> {
                // their deadline jobs are no longer needed (a job a worker holds finds the row published and drops it)
                for (StatusChange c : published) queue.cancel(c.publicationId()).otherwiseEmpty();
                return xml;
              });
        });
      });
    }).onSuccess(xml -> ctx.response().putHeader("Content-Type", "application/rss+xml; charset=utf-8")
        // every fetch must reach us: a fetch is how a post is known to be seen
        .putHeader("Cache-Control", "no-store").putHeader("X-Robots-Tag", "noindex").end(xml)).onFailure(ctx::fail);
  }

  /**
   * What a verified fetch tells and what it does not: the post is in the feed and the platform's robot took it; the
   * platform reports nothing about its import, so that stays for the user to check (docs/platforms/dzen.md).
   */
  private static JsonObject known(String platform, FeedFetchers.Fetcher fetcher) {
    return new JsonObject().put("inFeed", true).put("fetchedBy", fetcher.toJson()).put("imported", "unconfirmed")
        .put("manual", "The platform's robot fetched the feed that lists this post, but the platform reports nothing back about"
            + " importing it: check the post on the platform (for Дзен, in Dzen Studio). See docs/platforms/" + platform + ".md.");
  }

  private FeedItem item(Row r) {
    Long size = r.getLong("size_bytes");
    String type = r.getString("content_type");
    return new FeedItem(r.getUUID("id"), r.getString("title"), r.getString("caption"),
        publicUrl + mediaUrls.path(r.getUUID("clip_id").toString(), linkExpiry()), type == null ? "video/mp4" : type,
        size == null ? 0 : size, r.getOffsetDateTime("at").toInstant());
  }

  /**
   * Media links expire at the end of the next TTL window, so every fetch within one window lists the same URL (the
   * platform sees an unchanged item) and a link is always valid for at least one TTL after the fetch.
   */
  private Instant linkExpiry() {
    long now = clock.instant().getEpochSecond();
    return Instant.ofEpochSecond((now / mediaTtlSeconds + 2) * mediaTtlSeconds);
  }
}
