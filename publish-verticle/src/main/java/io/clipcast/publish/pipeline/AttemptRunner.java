package io.clipcast.publish.pipeline;

import io.clipcast.metrics.PublishMetrics;
import io.clipcast.ops.NodeActivity;
import io.clipcast.platforms.credentials.Credentials;
import io.clipcast.platforms.credentials.NodeServices;
import io.clipcast.platforms.ConnectedAccount;
import io.clipcast.platforms.ConnectorRegistry;
import io.clipcast.platforms.ErrorKind;
import io.clipcast.platforms.PlatformConnector;
import io.clipcast.db.DependencyOutage;
import io.clipcast.platforms.PlatformFailure;
import io.clipcast.platforms.PublishResult;
import io.clipcast.publication.AttemptOutcome;
import io.clipcast.publication.PublicationLifecycle;
import io.clipcast.queue.ErrorClass;
import io.clipcast.queue.JobQueue;
import io.clipcast.queue.Lease;
import io.clipcast.queue.QueueInstruction;
import io.clipcast.queue.RateLimiter;
import io.clipcast.queue.RetryDecision;
import io.clipcast.queue.RetryPolicy;
import io.clipcast.queue.StaleLeaseException;
import io.clipcast.storage.ClipStore;
import io.clipcast.storage.MediaUrls;
import io.vertx.circuitbreaker.CircuitBreaker;
import io.vertx.circuitbreaker.CircuitBreakerState;
import io.vertx.circuitbreaker.OpenCircuitException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One claimed job, start to end: claim the row (fenced, through {@link PublicationLifecycle}), open the credentials
 * (refreshing near expiry), run the connector through the platform's breaker with the lease kept alive, and turn the
 * result into one {@link AttemptOutcome} (deciding retries with the one {@link RetryPolicy} and recheck delays with
 * {@link RecheckSchedule}). The lifecycle writes the outcome and answers the {@link QueueInstruction} this returns to
 * the worker pool: ack, or back in the queue after a delay.
 */
public final class AttemptRunner {
  private static final Logger log = LoggerFactory.getLogger(AttemptRunner.class);

  private final Vertx vertx;
  private final JobQueue queue;
  private final ConnectorRegistry connectors;
  private final PublicationRecords records;
  private final io.vertx.sqlclient.Pool pg;
  private final Credentials vault;
  private final PublicationLifecycle lifecycle;
  private final RetryPolicy retries;
  private final RecheckSchedule rechecks;
  private final RateLimiter limiter;
  private final PlatformBreakers breakers;
  private final ClipStore store;
  private final MediaUrls mediaUrls;
  private final String publicUrl;
  private final long mediaTtlSeconds;
  private final JsonObject publish;
  private final NodeActivity activity;
  private final PublishMetrics metrics;

  public AttemptRunner(Vertx vertx, JsonObject config, io.vertx.sqlclient.Pool pg, JobQueue queue, RateLimiter limiter,
                       ConnectorRegistry connectors, ClipStore store) {
    this.vertx = vertx;
    this.queue = queue;
    this.connectors = connectors;
    this.publish = config.getJsonObject("publish");
    this.pg = pg;
    this.lifecycle = new PublicationLifecycle(pg, vertx.eventBus());
    this.records = new PublicationRecords(pg, lifecycle);
    this.rechecks = new RecheckSchedule(io.clipcast.platforms.catalog.PlatformCatalog.shipped());
    this.vault = NodeServices.of(vertx, config).credentials(pg);
    this.retries = RetryPolicy.fromConfig(config);
    this.limiter = limiter;
    this.breakers = new PlatformBreakers(vertx, publish);
    this.store = store;
    this.mediaUrls = new MediaUrls(config.getJsonObject("auth").getString("jwtSecret"));
    this.publicUrl = io.clipcast.web.PublicUrl.of(config);
    this.mediaTtlSeconds = config.getJsonObject("clips").getLong("mediaUrlTtlSeconds");
    this.activity = NodeActivity.of(vertx);
    this.metrics = new PublishMetrics(config.getJsonObject("node").getString("id"));
    connectors.all().forEach(c -> {   // every enabled platform shows its breaker and a 0 rate-limit count from the start
      metrics.platform(c.id());
      breakers.of(c.id());
    });
  }

  public Future<QueueInstruction> run(Lease lease) {
    CircuitBreaker breaker = breakers.of(lease.platform());
    if (breaker.state() == CircuitBreakerState.OPEN) {
      // the platform looks down (circuit open): not claimed, nothing written; the job waits out the breaker
      return Future.succeededFuture(QueueInstruction.requeueAfter(breakers.resetMs()));
    }
    long leaseMs = queue.settings().leaseMs();
    long startedNs = System.nanoTime();
    activity.claimed(lease.jobId(), lease.platform(), Instant.now().plusMillis(leaseMs));
    return records.claim(UUID.fromString(lease.jobId())).compose(claimed -> {
      if (claimed.isEmpty()) return Future.succeededFuture(QueueInstruction.ACK);   // cancelled, finished or deleted meanwhile
      claimed.get().changes().forEach(lifecycle::announce);
      ClaimedPublication p = claimed.get().publication();
      long keepAlive = vertx.setPeriodic(leaseMs / 2, t -> queue.extend(lease, leaseMs)
          .onSuccess(x -> activity.extended(lease.jobId(), Instant.now().plusMillis(leaseMs)))
          .onFailure(e -> log.warn("lease of {} could not be extended: {}", p.id(), e.getMessage())));
      AtomicReference<JsonObject> saved = new AtomicReference<>(p.uploadState().copy());   // as the attempt checkpoints it
      return attempt(p, breaker, saved).transform(ar -> {
        vertx.cancelTimer(keepAlive);
        return outcome(p, saved.get(), ar.succeeded() ? ar.result() : null, ar.cause());
      }).onSuccess(outcome -> metrics.attempt(p.platform(), outcomeName(outcome), java.time.Duration.ofNanos(System.nanoTime() - startedNs)))
          .compose(outcome -> lifecycle.conclude(new PublicationLifecycle.AttemptRef(p.id(), p.userId(), p.platform(), p.fence()), outcome));
    }).andThen(done -> activity.released(lease.jobId()));
  }

  /** The {@code outcome} label of {@link PublishMetrics}. */
  static String outcomeName(AttemptOutcome outcome) {
    if (outcome instanceof AttemptOutcome.Published) return "published";
    if (outcome instanceof AttemptOutcome.RecheckAt) return "recheck";
    if (outcome instanceof AttemptOutcome.RetryAt) return "retry";
    if (outcome instanceof AttemptOutcome.DeferredUntil) return "deferred";
    if (outcome instanceof AttemptOutcome.WaitingReconnect) return "waiting_reconnect";
    if (outcome instanceof AttemptOutcome.Failed) return "failed";
    if (outcome instanceof AttemptOutcome.Unknown) return "unknown";
    return "superseded";
  }

  private Future<PublishResult> attempt(ClaimedPublication p, CircuitBreaker breaker, AtomicReference<JsonObject> saved) {
    PlatformConnector connector = connectors.get(p.platform()).orElse(null);
    if (connector == null) {
      return Future.failedFuture(PlatformFailure.permanent(null, p.platform() + " is not enabled on this server any more."));
    }
    if (!"ready".equals(p.clip().status())) {
      return Future.failedFuture(PlatformFailure.permanent(null, "The clip is not ready to publish (" + p.clip().status() + ")."));
    }
    ConnectedAccount stored;
    try {
      stored = vault.open(p.stored());
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
    String mediaUrl = publicUrl + mediaUrls.path(p.clip().id().toString(), Instant.now().plusSeconds(mediaTtlSeconds));
    StoredClipSource clip = new StoredClipSource(p.clip(), store, mediaUrl);
    long progressMs = publish.getLong("progressIntervalMs");
    return vault.fresh(p.stored(), stored, connector, false)
        .compose(account -> {
          AttemptContext ctx = new AttemptContext(vertx, p, account, clip, records, progressMs,
              new PgQuotaLedger(pg, p.platform()), activity, saved);
          return breaker.<PublishResult>execute(() -> connector.publish(ctx)).recover(e -> {
            if (!Credentials.isAuth(e) || account.refreshToken() == null) return Future.failedFuture(e);
            // the platform says the token is no longer good before its expiry: refresh once and try again
            return vault.fresh(p.stored(), account, connector, true).compose(renewed ->
                breaker.<PublishResult>execute(() -> connector.publish(ctx.withAccount(renewed))));
          });
        })
        .timeout(publish.getLong("attemptTimeoutSeconds"), TimeUnit.SECONDS);
  }

  /** What the attempt's result or failure means for the publication, as a value; nothing is written here. */
  private Future<AttemptOutcome> outcome(ClaimedPublication p, JsonObject saved, PublishResult result, Throwable failure) {
    Instant now = Instant.now();
    if (failure == null && !result.isPending()) {
      return Future.succeededFuture(new AttemptOutcome.Published(result.externalId(), result.url(), result.detail()));
    }
    if (failure == null) {
      Instant deadline = startedAt(p).plusSeconds(publish.getLong("pendingTimeoutSeconds"));
      if (!now.isBefore(deadline)) {
        return Future.succeededFuture(new AttemptOutcome.Failed(null, p.platform() + " did not finish processing the clip in time;"
            + " publish it again or check the platform.", false));
      }
      if (result.awaitsEvent()) {
        // the platform's own action completes it (PublicationLifecycle#publishedByFetch); the job only returns at the deadline
        return Future.succeededFuture(new AttemptOutcome.RecheckAt(deadline.plusSeconds(1), 0, result.detail()));
      }
      int n = rechecksSoFar(p) + 1;
      Instant at = now.plusMillis(rechecks.delayMs(p.platform(), n));
      return Future.succeededFuture(new AttemptOutcome.RecheckAt(at.isAfter(deadline) ? deadline.plusSeconds(1) : at, n, result.detail()));
    }
    if (failure instanceof StaleLeaseException) return Future.succeededFuture(new AttemptOutcome.Superseded());
    if (failure instanceof OpenCircuitException) {
      return Future.succeededFuture(new AttemptOutcome.DeferredUntil(now.plusMillis(breakers.resetMs()), null, p.platform() + " looks down right now."));
    }
    if (!(failure instanceof PlatformFailure) && DependencyOutage.causedBy(failure)) {
      // Postgres or Redis restarting under the attempt (a checkpoint could not be saved): nobody's fault, no attempt spent
      return Future.succeededFuture(new AttemptOutcome.DeferredUntil(now.plusMillis(publish.getLong("outageRetryMs")), "service_unavailable",
          "Clipcast's database or queue was out of reach for a moment; publishing resumes by itself."));
    }
    PlatformFailure f = failure instanceof PlatformFailure pf ? pf
        : failure instanceof TimeoutException ? PlatformFailure.retryable(null, "The attempt took longer than "
            + publish.getLong("attemptTimeoutSeconds") + " s.")
        : InternalErrors.report(p.id().toString(), p.attempts(), p.platform(), failure);
    switch (f.kind()) {
      case RATE_LIMITED: {
        long wait = Math.max(1000, f.retryAfterMs());
        metrics.rateLimited(p.platform());
        limiter.pause(ThrottledBucket.of(queue.settings().limits(), p.platform(), p.connection().id().toString()), wait);
        return Future.succeededFuture(new AttemptOutcome.DeferredUntil(now.plusMillis(wait), f.platformCode(), f.getMessage()));
      }
      case DEFERRED:
        return Future.succeededFuture(new AttemptOutcome.DeferredUntil(now.plusMillis(f.retryAfterMs()), f.platformCode(), f.getMessage()));
      case AUTH:
        return vault.markNeedsReconnect(p.connection().id()).map(v -> new AttemptOutcome.WaitingReconnect(f.platformCode(), f.getMessage()
            + " Publishing resumes by itself once the account is connected again."));
      case PERMANENT:
        // the platform refused for good, so what was saved (a video that failed processing, a container in ERROR) is
        // nothing a retry can build on: a manual retry starts over. Give-ups after retryable errors keep their state,
        // which is what lets a connector find a post that went out before posting again.
        return Future.succeededFuture(new AttemptOutcome.Failed(f.platformCode(), f.getMessage(), true));
      case OUTCOME_UNKNOWN:
        return Future.succeededFuture(new AttemptOutcome.Unknown(f.platformCode(), f.getMessage() + " " + p.platform()
            + " may have published it: check the account, then confirm or retry."));
      default: {
        AttemptOutcome recheck = recheckInsteadOfRetry(p, saved, f, now);
        if (recheck != null) return Future.succeededFuture(recheck);
        RetryDecision d = retries.decide(p.attempts(), ErrorClass.RETRYABLE, 0);
        if (d.kind() != RetryDecision.Kind.RETRY || p.attempts() >= p.maxAttempts()) {
          return Future.succeededFuture(new AttemptOutcome.Failed(f.platformCode(), f.getMessage() + " (gave up after " + p.attempts()
              + " attempts)", false));
        }
        return Future.succeededFuture(new AttemptOutcome.RetryAt(now.plusMillis(d.delayMs()), f.platformCode(), f.getMessage()));
      }
    }
  }

  /**
   * A retryable failure after the platform already accepted the upload (a pending spell, or the connector says it holds
   * the bytes: a status check or the final publish call met a 5xx, a reset or a hang) is a failed check, not a spent attempt: the post may exist already, and
   * giving up after a few scattered network errors would tell the user "failed" for a live post. Failed checks have a
   * budget of their own, with the retry policy's delays, until a check answers "still processing" (the connector's
   * pending detail then replaces this one and the count starts over). Null when not in a pending spell, past the pending deadline, or out of budget:
   * then the failure spends an attempt as any other.
   */
  private AttemptOutcome recheckInsteadOfRetry(ClaimedPublication p, JsonObject saved, PlatformFailure f, Instant now) {
    JsonObject pending = saved.getJsonObject("pending");
    boolean accepted = pending != null || connectors.get(p.platform()).map(c -> c.uploadAccepted(saved)).orElse(false);
    if (!accepted) return null;
    if (pending == null) pending = new JsonObject();
    Instant deadline = startedAt(p).plusSeconds(publish.getLong("pendingTimeoutSeconds"));
    int failedChecks = pending.getInteger("failedChecks", 0) + 1;
    RetryDecision d = retries.decide(failedChecks, ErrorClass.RETRYABLE, 0);
    if (d.kind() != RetryDecision.Kind.RETRY || !now.isBefore(deadline)) return null;
    Instant at = now.plusMillis(d.delayMs());
    JsonObject detail = pending.copy().put("failedChecks", failedChecks).put("lastCheckError", f.getMessage());
    detail.remove("rechecks");
    return new AttemptOutcome.RecheckAt(at.isAfter(deadline) ? deadline.plusSeconds(1) : at, rechecksSoFar(p), detail);
  }

  /** Rechecks made so far in this pending spell (-1 before the first; a media pull sets it back to -1). */
  private static int rechecksSoFar(ClaimedPublication p) {
    JsonObject pending = p.uploadState().getJsonObject("pending");
    return pending == null ? -1 : pending.getInteger("rechecks", -1);
  }

  private static Instant startedAt(ClaimedPublication p) {
    return p.startedAt() == null ? Instant.now() : p.startedAt().toInstant();
  }
}
