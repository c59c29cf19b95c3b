package io.clipcast.publish.pipeline;

import io.clipcast.platforms.credentials.Credentials;
import io.clipcast.platforms.credentials.NodeServices;
import io.clipcast.platforms.ConnectedAccount;
import io.clipcast.platforms.ConnectorRegistry;
import io.clipcast.platforms.ErrorKind;
import io.clipcast.platforms.PlatformConnector;
import io.clipcast.platforms.PlatformFailure;
import io.clipcast.platforms.PublishResult;
import io.clipcast.publication.Transitions;
import io.clipcast.queue.ErrorClass;
import io.clipcast.queue.JobDeferral;
import io.clipcast.queue.JobQueue;
import io.clipcast.queue.Lease;
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
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One claimed job, start to end (DESIGN §4–§5): claim the row (fenced), open the credentials (refreshing near expiry),
 * run the connector through the platform's breaker with the lease kept alive, and end the attempt in exactly one of
 * published, retrying (backoff), failed, unknown or waiting_reconnect — or leave it publishing to recheck later.
 * The returned future tells the worker pool what to do with the lease: success = ack, {@link JobDeferral} = back
 * in the queue after its delay.
 */
public final class AttemptRunner {
  private static final Logger log = LoggerFactory.getLogger(AttemptRunner.class);

  private final Vertx vertx;
  private final JobQueue queue;
  private final ConnectorRegistry connectors;
  private final PublicationRecords records;
  private final io.vertx.sqlclient.Pool pg;
  private final Credentials vault;
  private final Transitions transitions;
  private final RetryPolicy retries;
  private final RateLimiter limiter;
  private final PlatformBreakers breakers;
  private final ClipStore store;
  private final MediaUrls mediaUrls;
  private final String publicUrl;
  private final long mediaTtlSeconds;
  private final JsonObject publish;

  public AttemptRunner(Vertx vertx, JsonObject config, io.vertx.sqlclient.Pool pg, JobQueue queue, RateLimiter limiter,
                       ConnectorRegistry connectors, io.clipcast.crypto.TokenCipher cipher, ClipStore store) {
    this.vertx = vertx;
    this.queue = queue;
    this.connectors = connectors;
    this.publish = config.getJsonObject("publish");
    this.pg = pg;
    this.records = new PublicationRecords(pg);
    this.vault = NodeServices.of(vertx, config).credentials(pg);
    this.transitions = new Transitions(pg, vertx.eventBus());
    this.retries = RetryPolicy.fromConfig(config, e -> ErrorClass.RETRYABLE);
    this.limiter = limiter;
    this.breakers = new PlatformBreakers(vertx, publish);
    this.store = store;
    this.mediaUrls = new MediaUrls(config.getJsonObject("auth").getString("jwtSecret"));
    this.publicUrl = io.clipcast.web.PublicUrl.of(config);
    this.mediaTtlSeconds = config.getJsonObject("clips").getLong("mediaUrlTtlSeconds");
  }

  public Future<Void> run(Lease lease) {
    CircuitBreaker breaker = breakers.of(lease.platform());
    if (breaker.state() == CircuitBreakerState.OPEN) {
      return Future.failedFuture(new JobDeferral(breakers.resetMs(), lease.platform() + " looks down (circuit open)"));
    }
    return records.claim(UUID.fromString(lease.jobId())).compose(claimed -> {
      if (claimed.isEmpty()) return Future.succeededFuture();   // cancelled, finished or deleted meanwhile: drop the job
      claimed.get().changes().forEach(transitions::announce);
      ClaimedPublication p = claimed.get().publication();
      long leaseMs = queue.settings().leaseMs();
      long keepAlive = vertx.setPeriodic(leaseMs / 2, t -> queue.extend(lease, leaseMs)
          .onFailure(e -> log.warn("lease of {} could not be extended: {}", p.id(), e.getMessage())));
      return attempt(p, breaker).transform(ar -> {
        vertx.cancelTimer(keepAlive);
        return conclude(p, ar.succeeded() ? ar.result() : null, ar.cause());
      });
    });
  }

  private Future<PublishResult> attempt(ClaimedPublication p, CircuitBreaker breaker) {
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
              new PgQuotaLedger(pg, p.platform()));
          return breaker.<PublishResult>execute(() -> connector.publish(ctx)).recover(e -> {
            if (!Credentials.isAuth(e) || account.refreshToken() == null) return Future.failedFuture(e);
            // the platform says the token is no longer good before its expiry: refresh once and try again
            return vault.fresh(p.stored(), account, connector, true).compose(renewed ->
                breaker.<PublishResult>execute(() -> connector.publish(ctx.withAccount(renewed))));
          });
        })
        .timeout(publish.getLong("attemptTimeoutSeconds"), TimeUnit.SECONDS);
  }

  private Future<Void> conclude(ClaimedPublication p, PublishResult result, Throwable failure) {
    if (failure == null && !result.isPending()) {
      return end(p, new PublicationRecords.Ending("published", result.externalId(), result.url(), null, null, null, false,
          new JsonObject().put("result", result.detail()), new JsonObject().put("url", result.url())));
    }
    if (failure == null) {
      if (Instant.now().isAfter(startedAt(p).plusSeconds(publish.getLong("pendingTimeoutSeconds")))) {
        return end(p, ending("failed", null, p.platform() + " did not finish processing the clip in time; publish it again or check"
            + " the platform.", null, false));
      }
      OffsetDateTime recheck = OffsetDateTime.now(ZoneOffset.UTC).plusNanos(result.recheckAfterMs() * 1_000_000);
      return records.pending(p, recheck, result.detail())
          .compose(v -> Future.failedFuture(new JobDeferral(result.recheckAfterMs(), "platform still processing")));
    }
    if (failure instanceof StaleLeaseException) return Future.succeededFuture();   // another worker owns it now
    if (failure instanceof OpenCircuitException) return retryLater(p, breakers.resetMs(), null, p.platform() + " looks down right now.");
    PlatformFailure f = failure instanceof PlatformFailure pf ? pf
        : failure instanceof TimeoutException ? PlatformFailure.retryable(null, "The attempt took longer than "
            + publish.getLong("attemptTimeoutSeconds") + " s.")
        : InternalErrors.report(p.id().toString(), p.attempts(), p.platform(), failure);
    switch (f.kind()) {
      case RATE_LIMITED: {
        long wait = Math.max(1000, f.retryAfterMs());
        limiter.pause(RateLimiter.appKey(p.platform()), wait);
        return retryLater(p, wait, f.platformCode(), f.getMessage());
      }
      case DEFERRED:
        return retryLater(p, f.retryAfterMs(), f.platformCode(), f.getMessage());
      case AUTH:
        return vault.markNeedsReconnect(p.connection().id()).compose(v -> end(p, ending("waiting_reconnect", f.platformCode(), f.getMessage()
            + " Publishing resumes by itself once the account is connected again.", null, true)));
      case PERMANENT: {
        // the platform refused for good, so what was saved (a video that failed processing, a container in ERROR) is
        // nothing a retry can build on: a manual retry starts over. Give-ups after retryable errors keep their state,
        // which is what lets a connector find a post that went out before posting again.
        PublicationRecords.Ending e = ending("failed", f.platformCode(), f.getMessage(), null, false);
        return end(p, new PublicationRecords.Ending(e.status(), null, null, e.errorCode(), e.error(), null, false,
            PublicationRecords.DISCARD_STATE, e.detail()));
      }
      case OUTCOME_UNKNOWN:
        return end(p, ending("unknown", f.platformCode(), f.getMessage() + " " + p.platform() + " may have published it: check the"
            + " account, then confirm or retry.", null, false));
      default: {
        RetryDecision d = retries.decide(p.attempts(), ErrorClass.RETRYABLE, 0);
        if (d.kind() != RetryDecision.Kind.RETRY || p.attempts() >= p.maxAttempts()) {
          return end(p, ending("failed", f.platformCode(), f.getMessage() + " (gave up after " + p.attempts() + " attempts)", null, false));
        }
        OffsetDateTime next = OffsetDateTime.now(ZoneOffset.UTC).plusNanos(d.delayMs() * 1_000_000);
        return end(p, ending("retrying", f.platformCode(), f.getMessage(), next, false))
            .compose(v -> Future.failedFuture(new JobDeferral(d.delayMs(), "retry")));
      }
    }
  }

  /** Back to the queue without spending the attempt (rate limit, platform down). */
  private Future<Void> retryLater(ClaimedPublication p, long delayMs, String code, String message) {
    OffsetDateTime next = OffsetDateTime.now(ZoneOffset.UTC).plusNanos(delayMs * 1_000_000);
    return end(p, ending("retrying", code, message, next, true)).compose(v -> Future.failedFuture(new JobDeferral(delayMs, "wait")));
  }

  private static PublicationRecords.Ending ending(String status, String code, String message, OffsetDateTime next, boolean refund) {
    return new PublicationRecords.Ending(status, null, null, code, message, next, refund || status.equals("waiting_reconnect"), null,
        new JsonObject().put("error", message).put("code", code));
  }

  private Future<Void> end(ClaimedPublication p, PublicationRecords.Ending e) {
    return records.finish(p, e).map(change -> {
      change.ifPresent(transitions::announce);
      return null;
    });
  }

  private static Instant startedAt(ClaimedPublication p) {
    return p.startedAt() == null ? Instant.now() : p.startedAt().toInstant();
  }
}
