package io.clipcast.platforms.dzen;

import io.clipcast.platforms.ConnectedAccount;
import io.clipcast.platforms.ConnectorSettings;
import io.clipcast.platforms.PlatformConnector;
import io.clipcast.platforms.conformance.Applies;
import io.clipcast.platforms.conformance.ConformanceFixture;
import io.clipcast.platforms.testing.TestPublishContext;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Дзен in the conformance suite. Dzen pulls an RSS feed the API serves: the connector's publish notes when the clip
 * entered the feed and waits for a later fetch by Dzen's robot. Here those fetches are played by a timer writing
 * {@code feedFetchedAt} and {@code feedFetchedBy} into the connection's metadata, as the feed route does once it has
 * verified the fetcher (api/feeds/FeedFetchers); fetches by anyone else never reach that metadata.
 */
public final class DzenConformance implements ConformanceFixture {
  private static final Path CLIP = Path.of("../common/src/test/resources/media/portrait_h264_aac_faststart.mp4");
  private final Vertx vertx = Vertx.vertx();
  private final DzenConnector connector = new DzenConnector();
  private volatile boolean fetching = true;
  private JsonObject metadata = new JsonObject();
  private long timer = -1;

  @Override public String name() { return "dzen"; }

  @Override
  public void start() {
    connector.init(vertx, new ConnectorSettings(Map.of("oauth", "http://127.0.0.1:9/dzen/oauth", "login", "http://127.0.0.1:9/dzen/login"),
        "dzen-conformance", "secret", "http://127.0.0.1:8080/oauth/callback", io.clipcast.platforms.catalog.PlatformCatalog.shipped().rules("dzen")));
    timer = vertx.setPeriodic(100, t -> {
      if (fetching) {   // Dzen's robot fetched the feed just now
        metadata.put("feedFetchedAt", Instant.now().toString()).put("feedFetchedBy", new JsonObject()
            .put("userAgent", "Mozilla/5.0 (compatible; YandexZenRss/1.0; +http://yandex.com/bots)").put("host", "spider.yandex.com")
            .put("verifiedBy", "reverseAndForwardDns"));
      }
    });
  }

  @Override public PlatformConnector connector() { return connector; }

  @Override
  public void reset() {
    fetching = true;
  }

  @Override
  public TestPublishContext context(Path store) throws Exception {
    metadata = new JsonObject().put("feedNonce", DzenConnector.newFeedNonce()).put("channelUrl", "https://dzen.ru/conformance");
    ConnectedAccount a = new ConnectedAccount("1130000099900001", "Конформность", null, "t", "r", null, List.of(), metadata);
    return new TestPublishContext(vertx, a, store, CLIP, "Конформность", "Конформность", "http://127.0.0.1/media/x");
  }

  @Override
  public List<JsonObject> posts(TestPublishContext ctx) {
    return List.of();
  }

  @Override public void fault(JsonObject rule) {
    // every fault case of this fixture is not applicable (Дзен pulls the feed; no request of ours can fail), so none is set
    throw new IllegalStateException("no Dzen request is made at publish time, so there is nothing to inject a fault into");
  }

  @Override
  public ConnectedAccount renewed(ConnectedAccount account) {
    return account;
  }

  @Override
  public Applies<Boolean> postsReachTheLedger() {
    return Applies.notApplicable("the sandbox's Dzen records a post when it fetches the feed the API module serves (its end-to-end"
        + " tests); the connector only waits for that fetch, so here it is held to publishing the publication once");
  }

  @Override
  public Applies<JsonObject> lostFinalAnswer() {
    return Applies.notApplicable("Dzen pulls the feed: no request of ours posts anything, so there is no answer to lose");
  }

  @Override
  public Applies<JsonObject> expiredTokenMidway() {
    return Applies.notApplicable("publishing uses no token: Dzen reads the feed by its secret address, the token only names the channel"
        + " at connect");
  }

  @Override
  public Applies<Refusal> permanentRefusal() {
    return Applies.notApplicable("Dzen does not report back to a feed's publisher whether it took or refused an item");
  }

  @Override
  public Applies<JsonObject> rateLimit() {
    return Applies.notApplicable("no request of ours is made at publish time, so none can be rate-limited");
  }

  @Override
  public Applies<Consumer<Boolean>> slowProcessing() {
    // "processing" on Dzen is the wait for its next fetch of the feed
    return Applies.to(slow -> fetching = !slow);
  }

  @Override
  public void close() throws Exception {
    vertx.cancelTimer(timer);
    vertx.close().await(10, TimeUnit.SECONDS);
  }
}
