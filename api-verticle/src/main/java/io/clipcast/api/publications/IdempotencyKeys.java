package io.clipcast.api.publications;

import io.clipcast.web.ApiError;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Optional;
import java.util.UUID;

/**
 * {@code Idempotency-Key} on POSTs: the first request claims the key (a row without a response); the same key with
 * the same body later replays the stored response; with another body it is refused (422); while the first is still
 * running, 409. A request that fails with a client error releases its key, so the client can fix and retry with it.
 */
public final class IdempotencyKeys {
  private final Pool pg;

  public IdempotencyKeys(Pool pg) {
    this.pg = pg;
  }

  /** Stored response to replay, or empty when this request now owns the key. */
  public Future<Optional<JsonObject>> claim(UUID user, String key, String requestHash) {
    if (key.isEmpty() || key.length() > 200) {
      return Future.failedFuture(ApiError.invalid("Idempotency-Key", "The Idempotency-Key header must be 1 to 200 characters."));
    }
    return pg.preparedQuery("INSERT INTO idempotency_keys (user_id, key, request_hash) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING")
        .execute(Tuple.of(user, key, requestHash)).compose(ins -> {
          if (ins.rowCount() == 1) return Future.succeededFuture(Optional.<JsonObject>empty());
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
                return Future.succeededFuture(Optional.of((JsonObject) response));
              });
        });
  }

  public Future<Void> complete(UUID user, String key, int status, JsonObject body) {
    return pg.preparedQuery("UPDATE idempotency_keys SET response = $3 WHERE user_id = $1 AND key = $2")
        .execute(Tuple.of(user, key, new JsonObject().put("status", status).put("body", body))).mapEmpty();
  }

  public Future<Void> release(UUID user, String key) {
    return pg.preparedQuery("DELETE FROM idempotency_keys WHERE user_id = $1 AND key = $2 AND response IS NULL")
        .execute(Tuple.of(user, key)).mapEmpty();
  }

  public static String hash(String body) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body.getBytes(StandardCharsets.UTF_8)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
