package io.clipcast.scheduler;

import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;

import java.util.UUID;

import static io.clipcast.scheduler.SchedulerFixture.await;

/** A user with one ready clip and one VK connection in Postgres: what a publication row of the scheduler tests refers to. */
record SeededOwner(UUID user, UUID clip, UUID connection) {
  static SeededOwner insert(Pool pg) {
    SeededOwner o = new SeededOwner(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID());
    await(pg.preparedQuery("INSERT INTO users (id, email, password_hash) VALUES ($1, $2, 'x')").execute(Tuple.of(o.user, o.user + "@t.io")));
    await(pg.preparedQuery("INSERT INTO clips (id, user_id, storage_key, file_name, status) VALUES ($1, $2, 'k', 'a.mp4', 'ready')")
        .execute(Tuple.of(o.clip, o.user)));
    await(pg.preparedQuery("INSERT INTO platform_connections (id, user_id, platform, external_account_id) VALUES ($1, $2, 'vk', 'x')")
        .execute(Tuple.of(o.connection, o.user)));
    return o;
  }
}
