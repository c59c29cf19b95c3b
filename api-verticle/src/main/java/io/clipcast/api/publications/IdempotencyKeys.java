package io.clipcast.api.publications;

import io.clipcast.web.ApiError;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.OffsetDateTime;
import java.util.HexFormat;
import java.util.UUID;

/**
 * {@code Idempotency-Key} on POSTs: the first request claims the key (a row without a response); the same key with
 * the same body later replays the stored response; with another body it is refused (422); while the first is still
 * running, 409. A request that fails releases its key, so the client can fix and retry with it.
 *
 * <p>Keys live {@code publications.idempotencyKeyTtlHours} from their claim: an older key is a new key, and every
 * claim deletes a batch of expired rows (anyone's), so rows never outlive their use by much. A claim still without a
 * response after {@code publications.idempotencyClaimTimeoutSeconds} belongs to a request that died with its node;
 * the next request with that key takes it over instead of getting 409 forever.
 */
public final class IdempotencyKeys {
  private static final int SWEEP_BATCH = 100;

  /**
   * The sweep skips the key being claimed (a statement may not change a row twice) and rows another claim is sweeping.
   * The upsert renews an expired or abandoned row in place; created_at is then the claim's fencing token.
   */
  private static final String CLAIM = "WITH swept AS (DELETE FROM idempotency_keys WHERE (user_id, key) IN ("
      + "SELECT user_id, key FROM idempotency_keys WHERE created_at < now() - make_interval(secs => $4)"
      + " AND NOT (user_id = $1 AND key = $2) LIMIT " + SWEEP_BATCH + " FOR UPDATE SKIP LOCKED))"
      + " INSERT INTO idempotency_keys AS k (user_id, key, request_hash) VALUES ($1, $2, $3)"
      + " ON CONFLICT (user_id, key) DO UPDATE SET request_hash = EXCLUDED.request_hash, response = NULL, created_at = now()"
      + " WHERE k.created_at < now() - make_interval(secs => $4)"
      + " OR (k.response IS NULL AND k.created_at < now() - make_interval(secs => $5))"
      + " RETURNING created_at";

  private final Pool pg;
  private final double ttlSeconds;
  private final double claimTimeoutSeconds;

  public IdempotencyKeys(Pool pg, JsonObject publications) {
    this.pg = pg;
    this.ttlSeconds = publications.getInteger("idempotencyKeyTtlHours") * 3600.0;
    this.claimTimeoutSeconds = publications.getInteger("idempotencyClaimTimeoutSeconds");
  }

  /**
   * What a claim found: a stored response to replay, or (replay null) the key is now this request's, identified by
   * the claim time: {@link #complete} and {@link #release} touch the row only while it is still this claim's.
   */
  public record Claim(JsonObject replay, OffsetDateTime claimedAt) {}

  public Future<Claim> claim(UUID user, String key, String requestHash) {
    if (key.isEmpty() || key.length() > 200 || !key.chars().allMatch(c -> c >= 0x21 && c <= 0x7e)) {
      return Future.failedFuture(ApiError.invalid("Idempotency-Key",
          "The Idempotency-Key header must be 1 to 200 visible ASCII characters, e.g. a UUID."));
    }
    return pg.preparedQuery(CLAIM).execute(Tuple.of(user, key, requestHash, ttlSeconds, claimTimeoutSeconds)).compose(ins -> {
      if (ins.size() == 1) return Future.succeededFuture(new Claim(null, ins.iterator().next().getOffsetDateTime("created_at")));
      return pg.preparedQuery("SELECT request_hash, response FROM idempotency_keys WHERE user_id = $1 AND key = $2")
          .execute(Tuple.of(user, key)).compose(rows -> {
            if (rows.size() == 0) return claim(user, key, requestHash); // released meanwhile: try again
            Row r = rows.iterator().next();
            if (!r.getString("request_hash").equals(requestHash)) {
              return Future.failedFuture(new ApiError(422, "idempotency_key_reused",
                  "This Idempotency-Key was used with a different request body; use a new key for a new request.", "Idempotency-Key"));
            }
            Object response = r.getValue("response");
            if (response == null) {
              return Future.failedFuture(new ApiError(409, "request_in_progress",
                  "A request with this Idempotency-Key is still being processed; retry in a moment.", "Idempotency-Key", 1));
            }
            return Future.succeededFuture(new Claim((JsonObject) response, null));
          });
    });
  }

  public Future<Void> complete(UUID user, String key, Claim claim, int status, JsonObject body) {
    return pg.preparedQuery("UPDATE idempotency_keys SET response = $4 WHERE user_id = $1 AND key = $2 AND created_at = $3")
        .execute(Tuple.of(user, key, claim.claimedAt(), new JsonObject().put("status", status).put("body", body))).mapEmpty();
  }

  public Future<Void> release(UUID user, String key, Claim claim) {
    return pg.preparedQuery("DELETE FROM idempotency_keys WHERE user_id = $1 AND key = $2 AND created_at = $3 AND response IS NULL")
        .execute(Tuple.of(user, key, claim.claimedAt())).mapEmpty();
  }

  public static String hash(String body) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body.getBytes(StandardCharsets.UTF_8)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
