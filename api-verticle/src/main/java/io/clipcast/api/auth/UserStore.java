package io.clipcast.api.auth;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

import java.util.Optional;
import java.util.UUID;

/** Users and their API keys in Postgres. Every read of a key is scoped by its owner. */
public final class UserStore {
  private final Pool pg;

  public UserStore(Pool pg) {
    this.pg = pg;
  }

  /** Empty when the e-mail (case-insensitive) is taken. */
  public Future<Optional<UUID>> create(String email, String passwordHash, String plan, String zone) {
    UUID id = UUID.randomUUID();
    return pg.preparedQuery("INSERT INTO users (id, email, password_hash, plan, time_zone) VALUES ($1, $2, $3, $4, $5)")
        .execute(Tuple.of(id, email, passwordHash, plan, zone))
        .map(r -> Optional.of(id))
        .recover(e -> e instanceof PgException && "23505".equals(((PgException) e).getSqlState())
            ? Future.succeededFuture(Optional.empty())
            : Future.failedFuture(e));
  }

  public Future<Optional<Row>> byEmail(String email) {
    return pg.preparedQuery("SELECT id, password_hash FROM users WHERE lower(email) = lower($1)").execute(Tuple.of(email))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(rows.iterator().next()));
  }

  public Future<Optional<JsonObject>> profile(UUID id) {
    return pg.preparedQuery("SELECT id, email, plan, time_zone, created_at FROM users WHERE id = $1").execute(Tuple.of(id))
        .map(rows -> {
          if (rows.size() == 0) return Optional.empty();
          Row r = rows.iterator().next();
          return Optional.of(new JsonObject().put("id", r.getUUID("id").toString()).put("email", r.getString("email"))
              .put("plan", r.getString("plan")).put("timeZone", r.getString("time_zone"))
              .put("createdAt", r.getOffsetDateTime("created_at").toInstant().toString()));
        });
  }

  /** The owner of a live (not revoked) key, marking it used. */
  public Future<Optional<UUID>> keyOwner(String keyHash) {
    return pg.preparedQuery("UPDATE api_keys SET last_used_at = now() WHERE key_hash = $1 AND revoked_at IS NULL RETURNING user_id")
        .execute(Tuple.of(keyHash))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(rows.iterator().next().getUUID("user_id")));
  }

  public Future<JsonObject> addKey(UUID user, String name, String keyHash) {
    UUID id = UUID.randomUUID();
    return pg.preparedQuery("INSERT INTO api_keys (id, user_id, name, key_hash) VALUES ($1, $2, $3, $4) RETURNING created_at")
        .execute(Tuple.of(id, user, name, keyHash))
        .map(rows -> new JsonObject().put("id", id.toString()).put("name", name)
            .put("createdAt", rows.iterator().next().getOffsetDateTime("created_at").toInstant().toString()));
  }

  public Future<io.vertx.core.json.JsonArray> keys(UUID user) {
    return pg.preparedQuery("SELECT id, name, created_at, last_used_at, revoked_at FROM api_keys WHERE user_id = $1 ORDER BY created_at DESC")
        .execute(Tuple.of(user)).map(rows -> {
          io.vertx.core.json.JsonArray out = new io.vertx.core.json.JsonArray();
          for (Row r : rows) {
            out.add(new JsonObject().put("id", r.getUUID("id").toString()).put("name", r.getString("name"))
                .put("createdAt", r.getOffsetDateTime("created_at").toInstant().toString())
                .put("lastUsedAt", r.getOffsetDateTime("last_used_at") == null ? null : r.getOffsetDateTime("last_used_at").toInstant().toString())
                .put("revoked", r.getOffsetDateTime("revoked_at") != null));
          }
          return out;
        });
  }

  /** True when the key existed, belonged to the user and was live. */
  public Future<Boolean> revokeKey(UUID user, UUID keyId) {
    return pg.preparedQuery("UPDATE api_keys SET revoked_at = now() WHERE id = $1 AND user_id = $2 AND revoked_at IS NULL")
        .execute(Tuple.of(keyId, user)).map(r -> r.rowCount() == 1);
  }
}
