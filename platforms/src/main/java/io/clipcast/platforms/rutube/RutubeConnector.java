package io.clipcast.platforms.rutube;

import io.clipcast.platforms.ConnectedAccount;
import io.clipcast.platforms.ConnectorSettings;
import io.clipcast.platforms.PlatformConnector;
import io.clipcast.platforms.PostStats;
import io.clipcast.platforms.PublishContext;
import io.clipcast.platforms.ResumeState;
import io.clipcast.platforms.PublishResult;
import io.clipcast.platforms.StatsReader;
import io.clipcast.platforms.TokenSignIn;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

/**
 * Rutube (docs/platforms/rutube.md): connect with login + password (traded for the API token; the password is not kept)
 * or an API token; publish by URL — Rutube pulls the clip from its signed media URL, then the video is polled until
 * ready; stats from the video's {@code hits} and {@code comments_count} (likes are not exposed).
 */
public final class RutubeConnector implements PlatformConnector, TokenSignIn, StatsReader {
  private static final long DEFAULT_TIMEOUT_MS = 30_000;
  /**
   * How long after a create call went unanswered no new create is sent while the video is not listed: Rutube may carry
   * out a held request late (docs/platforms/rutube.md, "Errors"). As long as the finder's clock-skew allowance.
   */
  private static final long DEFAULT_LATE_CREATE_GRACE_MS = RutubeVideoFinder.CLOCK_SKEW_MS;

  private final long timeoutMs;
  private final long lateCreateGraceMs;
  private RutubeClient client;
  private RutubeSignIn signIn;
  private RutubePublisher publisher;

  public RutubeConnector() {
    this(DEFAULT_TIMEOUT_MS, DEFAULT_LATE_CREATE_GRACE_MS);
  }

  /** {@code timeoutMs}: connect and no-answer timeout of every call (short in tests). */
  RutubeConnector(long timeoutMs) {
    this(timeoutMs, DEFAULT_LATE_CREATE_GRACE_MS);
  }

  /** {@code lateCreateGraceMs}: how long an unanswered create may still land before it is sent again (short in tests). */
  RutubeConnector(long timeoutMs, long lateCreateGraceMs) {
    this.timeoutMs = timeoutMs;
    this.lateCreateGraceMs = lateCreateGraceMs;
  }

  @Override
  public String id() {
    return "rutube";
  }


  @Override
  public void init(Vertx vertx, ConnectorSettings settings) {
    this.client = new RutubeClient(vertx, settings.endpoint("api"), timeoutMs);
    this.signIn = new RutubeSignIn(client);
    Integer titleMax = settings.rules().text().titleMaxChars();
    this.publisher = new RutubePublisher(client, titleMax == null ? 100 : titleMax, lateCreateGraceMs);
  }

  /** {@code {"login", "password"}} or {@code {"token"}}. */
  @Override
  public Future<ConnectedAccount> validateCredentials(JsonObject credentials) {
    return signIn.connect(credentials);
  }

  @Override
  public Future<PublishResult> publish(PublishContext ctx) {
    return publisher.publish(ctx);
  }

  /** Accepted once Rutube created the video and pulls the clip. */
  @Override
  public boolean uploadAccepted(JsonObject uploadState) {
    return ResumeState.holds(uploadState, RutubeResume::from, r -> r.videoId() != null);
  }

  @Override
  public Future<PostStats> stats(ConnectedAccount account, String externalId, JsonObject uploadState) {
    String action = "reading the video's statistics";
    return client.video(account.accessToken(), externalId).recover(e -> Future.failedFuture(RutubeErrors.noAnswer(e, action))).compose(r -> {
      if (r.statusCode() / 100 != 2) return Future.failedFuture(RutubeErrors.of(r, action));
      JsonObject v = RutubeErrors.json(r);
      if (v == null) return Future.failedFuture(new IllegalStateException("Rutube answered the video read with something other than JSON"));
      JsonObject raw = new JsonObject().put("hits", v.getValue("hits")).put("comments_count", v.getValue("comments_count"))
          .put("duration", v.getValue("duration")).put("created_ts", v.getValue("created_ts")).put("publication_ts", v.getValue("publication_ts"));
      return Future.succeededFuture(new PostStats(number(v, "hits"), null, number(v, "comments_count"), null, raw));
    });
  }

  private static Long number(JsonObject v, String field) {
    return v.getValue(field) instanceof Number n ? n.longValue() : null;
  }
}
