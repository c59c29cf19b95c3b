package io.clipcast.platforms.linkedin;

import io.clipcast.platforms.ConnectedAccount;
import io.clipcast.platforms.ConnectorSettings;
import io.clipcast.platforms.ErrorKind;
import io.clipcast.platforms.OAuthCallback;
import io.clipcast.platforms.OAuthSignIn;
import io.clipcast.platforms.OAuthStart;
import io.clipcast.platforms.PlatformConnector;
import io.clipcast.platforms.PlatformFailure;
import io.clipcast.platforms.PostStats;
import io.clipcast.platforms.PublishContext;
import io.clipcast.platforms.ResumeState;
import io.clipcast.platforms.PublishResult;
import io.clipcast.platforms.StatsReader;
import io.clipcast.platforms.catalog.ApiRules;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;

import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

/**
 * LinkedIn (docs/platforms/linkedin.md): members connect through LinkedIn OAuth ({@link LinkedInOAuthClient}); a clip is
 * uploaded through the Videos API in 4 MiB parts and posted with the Posts API, as the member or as a Page they
 * administer ({@link PostTarget}, {@link LinkedInPublisher}); counters come from {@code socialActions} (member posts) or
 * {@code organizationalEntityShareStatistics} (Page posts).
 * The API version sent as {@code LinkedIn-Version} and the member app's OAuth scopes are in {@code conf/platforms/linkedin.json}
 * ({@code api.version}, {@code api.scopes}); the Page app's client and scopes in {@code oauth.clients.linkedin}
 * ({@code pageClientId}, {@code pageClientSecret}, {@code pageScopes}; see {@link LinkedInApp}).
 */
public final class LinkedInConnector implements PlatformConnector, StatsReader {
  private final LinkedInTimeouts timeouts;
  private LinkedInOAuthClient oauth;
  private LinkedInPublisher publisher;
  private LinkedInRest rest;

  public LinkedInConnector() {
    this(LinkedInTimeouts.DEFAULT);
  }

  LinkedInConnector(LinkedInTimeouts timeouts) {
    this.timeouts = timeouts;
  }

  @Override
  public String id() {
    return "linkedin";
  }


  @Override
  public void init(Vertx vertx, ConnectorSettings settings) {
    Optional<ApiRules> api = settings.rules().api();
    List<String> scopes = api.map(ApiRules::scopes).filter(l -> !l.isEmpty()).orElse(List.of("openid", "profile", "w_member_social"));
    WebClient web = WebClient.create(vertx, new WebClientOptions().setConnectTimeout(timeouts.connectMs()).setIdleTimeout(60));
    this.rest = new LinkedInRest(web, settings.endpoint("api"), api.map(ApiRules::version).orElse("202610"), timeouts.callMs());
    this.oauth = new LinkedInOAuthClient(vertx, web, settings, rest, scopes, timeouts.callMs());
    PartUploader uploader = new PartUploader(vertx.createHttpClient(new HttpClientOptions().setConnectTimeout(timeouts.connectMs())
        .setIdleTimeout(timeouts.uploadIdleSeconds())));
    this.publisher = new LinkedInPublisher(rest, uploader, settings.rules());
  }

  /** Sign-in is the OAuth client's own job: the connector hands it out. */
  @Override
  public Optional<OAuthSignIn> oauth() {
    return Optional.ofNullable(oauth);
  }

  @Override
  public Future<PublishResult> publish(PublishContext ctx) {
    return publisher.publish(ctx);
  }

  /** Accepted once the upload is finalized. */
  @Override
  public boolean uploadAccepted(JsonObject uploadState) {
    return ResumeState.holds(uploadState, LinkedInResume::from, r -> r.finalized());
  }

  /**
   * A Page's post: likes, comments and shares from {@code organizationalEntityShareStatistics}; a member's post (or when
   * the Page statistics are refused): likes and comments from {@code socialActions}. Neither gives a view count.
   */
  @Override
  public Future<PostStats> stats(ConnectedAccount account, String externalId, JsonObject uploadState) {
    if (externalId == null || !externalId.startsWith("urn:li:")) {
      return Future.failedFuture(PlatformFailure.permanent(null, "No LinkedIn post URN is recorded for this publication; its counters cannot be read."));
    }
    String owner = LinkedInResume.from(uploadState).owner();
    if (owner == null || !owner.startsWith("urn:li:organization:")) return socialActions(account, externalId);
    String list = (externalId.startsWith("urn:li:ugcPost:") ? "ugcPosts" : "shares") + "=List(" + LinkedInRest.encode(externalId) + ")";
    return rest.get(account.accessToken(), "/rest/organizationalEntityShareStatistics?q=organizationalEntity&organizationalEntity="
            + LinkedInRest.encode(owner) + "&" + list, "reading the Page post's statistics", ZoneOffset.UTC)
        .compose(r -> {
          JsonArray elements = LinkedInRest.json(r).getJsonArray("elements", new JsonArray());
          JsonObject first = elements.isEmpty() ? null : elements.getJsonObject(0);
          JsonObject total = first == null ? null : first.getJsonObject("totalShareStatistics");
          return total == null ? socialActions(account, externalId) : Future.succeededFuture(new PostStats(null, total.getLong("likeCount"),
              total.getLong("commentCount"), total.getLong("shareCount"), first));
        })
        .recover(e -> e instanceof PlatformFailure f && f.kind() == ErrorKind.PERMANENT
            ? socialActions(account, externalId) : Future.failedFuture(e));
  }

  private Future<PostStats> socialActions(ConnectedAccount account, String externalId) {
    return rest.get(account.accessToken(), "/rest/socialActions/" + LinkedInRest.encode(externalId), "reading the post's reactions", ZoneOffset.UTC)
        .map(r -> {
          JsonObject body = LinkedInRest.json(r);
          JsonObject likes = body.getJsonObject("likesSummary", new JsonObject());
          JsonObject comments = body.getJsonObject("commentsSummary", new JsonObject());
          Long likeCount = likes.getLong("aggregatedTotalLikes", likes.getLong("totalLikes"));
          Long commentCount = comments.getLong("aggregatedTotalComments", comments.getLong("totalFirstLevelComments"));
          return new PostStats(null, likeCount, commentCount, null, body);
        });
  }
}
