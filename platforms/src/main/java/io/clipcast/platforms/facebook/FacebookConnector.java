package io.clipcast.platforms.facebook;

import io.clipcast.platforms.ConnectedAccount;
import io.clipcast.platforms.ConnectorSettings;
import io.clipcast.platforms.CredentialsRejected;
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
import io.clipcast.platforms.meta.AccountChoice;
import io.clipcast.platforms.meta.FacebookLogin;
import io.clipcast.platforms.meta.GraphClient;
import io.clipcast.platforms.meta.GraphVersionWatch;
import io.clipcast.platforms.meta.MetaErrors;
import io.clipcast.platforms.meta.MetaTimeouts;
import io.clipcast.platforms.meta.RuploadClient;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;

import java.util.Arrays;
import java.util.List;

/**
 * Facebook Reels on a Page (docs/platforms/facebook.md): a connection is one Page, chosen at connect, and keeps that Page's
 * token (derived from the long-lived user token, so it does not expire by date); reels go out in three phases
 * ({@link FbPublisher}); counters come from {@code video_insights}.
 */
public final class FacebookConnector implements PlatformConnector, OAuthSignIn, StatsReader {
  static final String SCOPES = "pages_show_list,pages_read_engagement,pages_manage_posts";
  static final String PLAYS = "blue_reels_play_count";
  static final String REACTIONS = "post_video_likes_by_reaction_type";
  static final String SOCIAL = "post_video_social_actions";

  private final MetaTimeouts timeouts;
  private GraphClient graph;
  private FacebookLogin login;
  private FbPublisher publisher;

  public FacebookConnector() {
    this(MetaTimeouts.DEFAULT);
  }

  FacebookConnector(MetaTimeouts timeouts) {
    this.timeouts = timeouts;
  }

  @Override
  public String id() {
    return "facebook";
  }


  @Override
  public void init(Vertx vertx, ConnectorSettings settings) {
    WebClient web = WebClient.create(vertx, new WebClientOptions().setConnectTimeout(timeouts.connectMs()).setIdleTimeout(60));
    this.graph = new GraphClient(web, settings.endpoint("api"), GraphVersionWatch.of(settings), "Facebook", timeouts.callMs());
    this.login = new FacebookLogin(vertx, graph, settings, "Facebook");
    RuploadClient rupload = new RuploadClient(vertx.createHttpClient(new HttpClientOptions().setConnectTimeout(timeouts.connectMs())
        .setIdleTimeout(timeouts.uploadIdleSeconds())), timeouts, "Facebook");
    this.publisher = new FbPublisher(graph, rupload, timeouts);
  }

  @Override
  public String authorizationUrl(OAuthStart start) {
    return login.authorizationUrl(start, SCOPES);
  }

  @Override
  public Future<ConnectedAccount> exchangeCode(OAuthCallback callback) {
    return login.signIn(callback, "id,name,access_token,category").compose(s -> {
      List<JsonObject> pages = s.pages().stream().filter(p -> p.getString("access_token") != null)
          .map(p -> new JsonObject().put("id", p.getString("id")).put("label", p.getString("name", p.getString("id"))).put("page", p)).toList();
      if (pages.isEmpty()) {
        return Future.failedFuture(new CredentialsRejected("code", "The sign-in granted no Facebook Page. Reels can only be published to"
            + " Pages: create a Page (or get a role on one that lets you create content), then connect Facebook again and select it in"
            + " Facebook's dialog."));
      }
      JsonObject page = AccountChoice.pick(pages, callback.params(), "Page", "Facebook").getJsonObject("page");
      // Page tokens derived from a long-lived user token have no expiry date (they still die with a password change)
      return Future.succeededFuture(new ConnectedAccount(page.getString("id"), page.getString("name", page.getString("id")), null,
          page.getString("access_token"), null, null, Arrays.asList(SCOPES.split(",")), new JsonObject().put("pageId", page.getString("id"))
          .put("pageName", page.getString("name")).put("facebookUserId", s.userId()).put("facebookUserName", s.userName())));
    });
  }

  /** Nothing to renew with (Page tokens have no refresh token): the user connects the account again. */
  @Override
  public Future<ConnectedAccount> refresh(ConnectedAccount current) {
    return Future.failedFuture(PlatformFailure.auth(null, "facebook tokens cannot be refreshed; connect the account again."));
  }

  @Override
  public Future<PublishResult> publish(PublishContext ctx) {
    return publisher.publish(ctx);
  }

  /** Accepted once the reel has every byte. */
  @Override
  public boolean uploadAccepted(JsonObject uploadState) {
    return ResumeState.holds(uploadState, FbResume::from, r -> r.videoId() != null && r.uploaded());
  }

  /** Plays, reactions, comments and shares of the reel from {@code /<video>/video_insights}. */
  @Override
  public Future<PostStats> stats(ConnectedAccount account, String externalId, JsonObject uploadState) {
    return graph.get(account.accessToken(), externalId + "/video_insights", GraphClient.params("metric", String.join(",", PLAYS, REACTIONS, SOCIAL)))
        .recover(e -> Future.failedFuture(MetaErrors.classify(e, "Facebook", "reading the reel's insights")))
        .map(r -> {
          JsonObject raw = new JsonObject();
          JsonArray data = r.getJsonArray("data", new JsonArray());
          for (int i = 0; i < data.size(); i++) {
            JsonObject m = data.getJsonObject(i);
            JsonArray values = m.getJsonArray("values", new JsonArray());
            if (!values.isEmpty()) raw.put(m.getString("name"), values.getJsonObject(0).getValue("value"));
          }
          Long plays = raw.getValue(PLAYS) instanceof Number n ? n.longValue() : null;
          Long likes = sum(raw.getValue(REACTIONS));
          JsonObject social = raw.getValue(SOCIAL) instanceof JsonObject o ? o : new JsonObject();
          return new PostStats(plays, likes, social.getLong("COMMENT"), social.getLong("SHARE"), raw);
        });
  }

  /** Reactions come per type ({@code REACTION_LIKE}, {@code REACTION_LOVE}, …); likes here are all of them. */
  private static Long sum(Object byType) {
    if (!(byType instanceof JsonObject o)) return null;
    long total = 0;
    for (String k : o.fieldNames()) total += o.getValue(k) instanceof Number n ? n.longValue() : 0;
    return total;
  }
}
