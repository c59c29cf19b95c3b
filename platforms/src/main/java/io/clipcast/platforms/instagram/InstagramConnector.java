package io.clipcast.platforms.instagram;

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
import io.clipcast.platforms.meta.GraphApiError;
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

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Instagram Reels through the Instagram API with Facebook Login (docs/platforms/instagram.md): a connection is one
 * Instagram professional account, found through the Facebook Page it is linked to, published with that Page's token,
 * which does not expire, or with the ~60-day user token where Meta gave no Page token ({@link IgTokens});
 * publishing in {@link IgPublisher}; counters come from the media's insights.
 */
public final class InstagramConnector implements PlatformConnector, OAuthSignIn, StatsReader {
  static final String SCOPES = "instagram_basic,instagram_content_publish,pages_show_list,pages_read_engagement,business_management,"
      + "instagram_manage_insights";
  static final String PERSONAL_ACCOUNT_FIX = "None of the Facebook Pages you granted has an Instagram professional account linked."
      + " Personal Instagram accounts cannot publish through Instagram's API. To fix it: in the Instagram app open Settings →"
      + " Account type and tools → Switch to professional account (Creator or Business); then link it to your Facebook Page"
      + " (Instagram: Edit profile → Page, or Facebook Page settings → Linked accounts → Instagram); then connect Instagram here"
      + " again and select that Page in Facebook's dialog.";

  private final MetaTimeouts timeouts;
  private GraphClient graph;
  private FacebookLogin login;
  private IgPublisher publisher;

  public InstagramConnector() {
    this(MetaTimeouts.DEFAULT);
  }

  InstagramConnector(MetaTimeouts timeouts) {
    this.timeouts = timeouts;
  }

  @Override
  public String id() {
    return "instagram";
  }


  @Override
  public void init(Vertx vertx, ConnectorSettings settings) {
    WebClient web = WebClient.create(vertx, new WebClientOptions().setConnectTimeout(timeouts.connectMs()).setIdleTimeout(60));
    this.graph = new GraphClient(web, settings.endpoint("api"), GraphVersionWatch.of(settings), "Instagram", timeouts.callMs());
    this.login = new FacebookLogin(vertx, graph, settings, "Instagram");
    RuploadClient rupload = new RuploadClient(vertx.createHttpClient(new HttpClientOptions().setConnectTimeout(timeouts.connectMs())
        .setIdleTimeout(timeouts.uploadIdleSeconds())), timeouts, "Instagram");
    this.publisher = new IgPublisher(graph, rupload, timeouts, settings.endpoint("upload"));
  }

  @Override
  public String authorizationUrl(OAuthStart start) {
    return login.authorizationUrl(start, SCOPES);
  }

  @Override
  public Future<ConnectedAccount> exchangeCode(OAuthCallback callback) {
    return login.signIn(callback, "id,name,access_token,instagram_business_account{id,username,name}").compose(s -> {
      List<JsonObject> accounts = new ArrayList<>();
      for (JsonObject page : s.pages()) {
        JsonObject ig = page.getJsonObject("instagram_business_account");
        if (ig == null) continue;
        accounts.add(new JsonObject().put("id", page.getString("id")).put("altId", ig.getString("id"))
            .put("label", "@" + ig.getString("username", ig.getString("id")) + " via Page " + page.getString("name", page.getString("id")))
            .put("page", page).put("ig", ig));
      }
      if (accounts.isEmpty()) return Future.failedFuture(new CredentialsRejected("code", PERSONAL_ACCOUNT_FIX));
      JsonObject chosen = AccountChoice.pick(accounts, callback.params(), "Instagram account", "Instagram");
      JsonObject ig = chosen.getJsonObject("ig");
      JsonObject page = chosen.getJsonObject("page");
      String username = ig.getString("username", ig.getString("id"));
      JsonObject metadata = new JsonObject().put("igUserId", ig.getString("id")).put("username", username)
          .put("pageId", page.getString("id")).put("pageName", page.getString("name")).put("facebookUserId", s.userId());
      ConnectedAccount shell = new ConnectedAccount(ig.getString("id"), "@" + username, null, null, null, null,
          Arrays.asList(SCOPES.split(",")), metadata);
      return Future.succeededFuture(IgTokens.chosen(shell, page.getString("access_token"), s.userToken(), s.expiresAt()));
    });
  }

  /**
   * A connection still on the user token (its Page token was not given at connect): ask Meta again for the Page's
   * token, which does not expire; when Meta still gives none, trade the user token for a new long-lived one. Meta's
   * refusal (190: expired, password changed, access removed) ends as AUTH: the user connects again.
   */
  @Override
  public Future<ConnectedAccount> refresh(ConnectedAccount current) {
    String userToken = current.refreshToken();
    String pageId = current.metadata() == null ? null : current.metadata().getString("pageId");
    if (userToken == null || pageId == null) {
      return Future.failedFuture(PlatformFailure.auth(null, "This Instagram connection holds no Facebook sign-in to renew; connect"
          + " Instagram again."));
    }
    return graph.get(userToken, "me/accounts", GraphClient.params("fields", "id,access_token", "limit", "100"))
        .compose(r -> {
          String pageToken = r.getJsonArray("data", new JsonArray()).stream().filter(o -> o instanceof JsonObject).map(o -> (JsonObject) o)
              .filter(p -> pageId.equals(p.getString("id"))).map(p -> p.getString("access_token")).filter(t -> t != null && !t.isBlank())
              .findFirst().orElse(null);
          if (pageToken != null) return Future.succeededFuture(IgTokens.chosen(current, pageToken, userToken, null));
          return login.extend(userToken).map(t -> IgTokens.chosen(current, null, t.token(), t.expiresAt()));
        })
        .recover(e -> Future.failedFuture(MetaErrors.classify(e, "Instagram", "renewing the Facebook sign-in")));
  }

  @Override
  public Future<PublishResult> publish(PublishContext ctx) {
    return publisher.publish(ctx);
  }

  /** Accepted once the container has its bytes (or pulls them by URL). */
  @Override
  public boolean uploadAccepted(JsonObject uploadState) {
    return ResumeState.holds(uploadState, IgResume::from, r -> r.containerId() != null && r.uploaded());
  }

  /**
   * views, likes, comments, shares (and saved, reach in {@code raw}) from {@code /<media>/insights}; while Meta has too
   * few viewers to show insights (code 10), the media's own like and comment counters.
   */
  @Override
  public Future<PostStats> stats(ConnectedAccount account, String externalId, JsonObject uploadState) {
    return graph.get(account.accessToken(), externalId + "/insights", GraphClient.params("metric", "views,reach,likes,comments,shares,saved"))
        .map(InstagramConnector::insights)
        .recover(e -> e instanceof GraphApiError g && g.code() == 10 ? counters(account, externalId)
            : Future.failedFuture(MetaErrors.classify(e, "Instagram", "reading the reel's insights")));
  }

  private Future<PostStats> counters(ConnectedAccount account, String mediaId) {
    return graph.get(account.accessToken(), mediaId, GraphClient.params("fields", "like_count,comments_count"))
        .recover(e -> Future.failedFuture(MetaErrors.classify(e, "Instagram", "reading the reel's counters")))
        .map(m -> new PostStats(null, m.getLong("like_count"), m.getLong("comments_count"), null, m));
  }

  private static PostStats insights(JsonObject r) {
    JsonObject raw = new JsonObject();
    JsonArray data = r.getJsonArray("data", new JsonArray());
    for (int i = 0; i < data.size(); i++) {
      JsonObject m = data.getJsonObject(i);
      JsonArray values = m.getJsonArray("values", new JsonArray());
      if (!values.isEmpty()) raw.put(m.getString("name"), values.getJsonObject(0).getValue("value"));
    }
    return new PostStats(num(raw, "views"), num(raw, "likes"), num(raw, "comments"), num(raw, "shares"), raw);
  }

  private static Long num(JsonObject raw, String name) {
    return raw.getValue(name) instanceof Number n ? n.longValue() : null;
  }

}
