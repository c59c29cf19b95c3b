package io.clipcast.platforms.dzen;

import io.clipcast.platforms.ConnectedAccount;
import io.clipcast.platforms.ConnectorSettings;
import io.clipcast.platforms.FeedItem;
import io.clipcast.platforms.FeedRenderer;
import io.clipcast.platforms.OAuthCallback;
import io.clipcast.platforms.OAuthSignIn;
import io.clipcast.platforms.OAuthStart;
import io.clipcast.platforms.PlatformConnector;
import io.clipcast.platforms.PlatformFailure;
import io.clipcast.platforms.PublishContext;
import io.clipcast.platforms.PublishResult;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.List;

/**
 * Dzen (docs/platforms/dzen.md). Dzen has no publishing API: no endpoint takes a video from a third party. What it does is
 * pull: a channel owner links an RSS feed in Dzen Studio and Dzen fetches it and imports new items. So Clipcast serves
 * each Dzen connection a secret feed URL (the API's {@code /feeds/{secret}.xml}, rendered by {@link #renderFeed}) that
 * lists the connection's publishing and published clips, and the user pastes that URL into Dzen Studio once.
 *
 * <p>Connecting is Yandex OAuth (Dzen accounts are Yandex accounts), used only for the account's name and avatar;
 * the connection also gets its random {@code feedNonce} (from which the API derives the feed URL). Publishing makes no
 * platform call: the first attempt records when the clip entered the feed ({@code feedSince}) and answers pending. The
 * post stays {@code publishing} until Dzen's own robot fetches the feed: the feed endpoint counts only a fetch whose
 * User-Agent is Dzen's RSS robot and whose address DNS verifies as Yandex's (api/feeds/FeedFetchers), writes it as the
 * connection's {@code feedFetchedAt} and publishes the listed posts then; a fetch by anyone else (the user's browser, a
 * reader) publishes nothing. A later check here finds the same thing from {@code feedFetchedAt}. {@code published}
 * therefore means "in the feed, and Dzen's robot took it"; whether Dzen imported it is not reported back, and the
 * result says so. The external id is the item's guid (the publication id).
 */
public final class DzenConnector implements PlatformConnector, OAuthSignIn, FeedRenderer {
  static final List<String> SCOPES = List.of("login:info", "login:avatar");
  private static final SecureRandom RANDOM = new SecureRandom();

  private YandexOAuthClient yandex;
  private int titleMaxChars;
  private Clock clock = Clock.systemUTC();

  @Override
  public String id() {
    return "dzen";
  }


  @Override
  public void init(Vertx vertx, ConnectorSettings settings) {
    WebClient client = WebClient.create(vertx, new WebClientOptions().setConnectTimeout(10_000).setIdleTimeout(30));
    this.yandex = new YandexOAuthClient(vertx, client, settings);
    Integer max = settings.rules().text().titleMaxChars();
    if (max == null || max < 2) throw new IllegalStateException("conf/platforms/dzen.json needs text.titleMaxChars (at least 2): feed items need a title");
    this.titleMaxChars = max;
  }

  /** Tests pin the clock that {@code feedSince} is read from. */
  void clock(Clock clock) {
    this.clock = clock;
  }

  /** {@code force_confirm=yes}: Yandex asks which account even when one is signed in (channels often live on a second one). */
  @Override
  public String authorizationUrl(OAuthStart start) {
    return yandex.authorizationUrl(start, SCOPES);
  }

  @Override
  public Future<ConnectedAccount> exchangeCode(OAuthCallback callback) {
    MultiMap form = MultiMap.caseInsensitiveMultiMap().add("grant_type", "authorization_code").add("code", callback.code());
    if (callback.codeVerifier() != null) form.add("code_verifier", callback.codeVerifier());
    return yandex.token(form).compose(tokens -> yandex.userInfo(tokens.getString("access_token")).map(user -> {
      String name = firstNonBlank(user.getString("display_name"), user.getString("real_name"), user.getString("login"));
      return new ConnectedAccount(user.getString("id"), name, avatarUrl(user), tokens.getString("access_token"),
          tokens.getString("refresh_token"), expiresAt(tokens), SCOPES,
          new JsonObject().put("login", user.getString("login")).put("feedNonce", newFeedNonce()));
    }));
  }

  /** Yandex answers a refresh with a new token pair; the account, its feed secret and the feed's history stay. */
  @Override
  public Future<ConnectedAccount> refresh(ConnectedAccount current) {
    if (current.refreshToken() == null) {
      return Future.failedFuture(PlatformFailure.auth(null, "This Dzen connection cannot renew its Yandex sign-in; connect Dzen again."));
    }
    MultiMap form = MultiMap.caseInsensitiveMultiMap().add("grant_type", "refresh_token").add("refresh_token", current.refreshToken());
    return yandex.token(form).map(tokens -> new ConnectedAccount(current.externalAccountId(), current.displayName(), current.avatarUrl(),
        tokens.getString("access_token"), firstNonBlank(tokens.getString("refresh_token"), current.refreshToken()), expiresAt(tokens),
        current.scopes(), current.metadata() == null ? new JsonObject() : current.metadata().copy()));
  }

  @Override
  public Future<PublishResult> publish(PublishContext ctx) {
    JsonObject meta = ctx.account().metadata() == null ? new JsonObject() : ctx.account().metadata();
    if (meta.getString("feedNonce") == null) {
      return Future.failedFuture(PlatformFailure.permanent(null, "This Dzen connection has no feed to publish through;"
          + " connect Dzen again, then paste the new feed URL into Dzen Studio."));
    }
    Long since = ctx.resumed(DzenResume::from).feedSince();
    if (since == null) {
      long now = clock.millis();
      return ctx.checkpoint(new DzenResume(now)).map(v -> waiting(now, meta));
    }
    Instant fetched = instant(meta.getString("feedFetchedAt"));
    if (fetched != null && fetched.toEpochMilli() >= since) {
      return Future.succeededFuture(PublishResult.published(ctx.publicationId().toString(), meta.getString("channelUrl"),
          new JsonObject().put("feedFetchedAt", fetched.toString()).put("inFeed", true).put("fetchedBy", meta.getJsonObject("feedFetchedBy"))
              .put("imported", "unconfirmed").put("manual", IMPORT_UNCONFIRMED)));
    }
    return Future.succeededFuture(waiting(since, meta));
  }

  /** What stays for the user once Dzen's robot took the feed. */
  static final String IMPORT_UNCONFIRMED = "Dzen's robot fetched the feed that lists this post, but Dzen reports nothing back about"
      + " importing it: check the post in Dzen Studio. See docs/platforms/dzen.md.";

  @Override
  public String renderFeed(ConnectedAccount account, String selfUrl, List<FeedItem> items) {
    JsonObject meta = account.metadata() == null ? new JsonObject() : account.metadata();
    String channel = meta.getString("channelUrl");
    return DzenFeedWriter.render(firstNonBlank(account.displayName(), meta.getString("login"), "Clipcast"),
        channel == null ? selfUrl : channel, selfUrl, items, titleMaxChars);
  }

  private static PublishResult waiting(long since, JsonObject meta) {
    String last = meta.getString("feedFetchedAt");
    JsonObject other = meta.getJsonObject("feedOtherFetch");
    String message = last == null
        ? "In the feed; Dzen's robot has not fetched this connection's feed yet: paste the feed URL into Dzen Studio (RSS import)"
            + " if you have not."
        : "In the feed; waiting for Dzen's robot to fetch it again.";
    if (other != null && other.getString("at") != null) {
      message += " The feed was last opened at " + other.getString("at") + " by another client (" + other.getString("userAgent")
          + "); only a fetch by Dzen's robot, checked by its address, counts (docs/platforms/dzen.md).";
    }
    return PublishResult.awaitingEvent(new JsonObject().put("waitingFor", "feedFetch").put("inFeed", true)
        .put("feedSince", Instant.ofEpochMilli(since).toString()).put("feedFetchedAt", last).put("message", message));
  }

  /** 32 random bytes, base64url: the feed URL is the only thing guarding the feed. */
  static String newFeedNonce() {
    byte[] b = new byte[32];
    RANDOM.nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  /** Yandex ID avatars: {@code https://avatars.yandex.net/get-yapic/<default_avatar_id>/islands-200}; none when empty. */
  private static String avatarUrl(JsonObject user) {
    String id = user.getString("default_avatar_id");
    if (id == null || user.getBoolean("is_avatar_empty", false)) return null;
    return "https://avatars.yandex.net/get-yapic/" + id + "/islands-200";
  }

  private Instant expiresAt(JsonObject tokens) {
    Long seconds = tokens.getLong("expires_in");
    return seconds == null ? null : clock.instant().plusSeconds(seconds);
  }

  private static Instant instant(String iso) {
    if (iso == null) return null;
    try {
      return Instant.parse(iso);
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  private static String firstNonBlank(String... values) {
    for (String v : values) if (v != null && !v.isBlank()) return v;
    return null;
  }
}
