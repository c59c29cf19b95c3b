package io.clipcast.queue;

import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static io.clipcast.queue.QueueFixture.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Wake tokens: one per job made ready; a claim that leaves nothing ready takes the rest, so no worker wakes for nothing. */
class WakeTokenTest {
  @Test
  void aClaimThatEmptiesTheReadyListsClearsTheWakeTokens() throws Exception {
    try (QueueFixture f = new QueueFixture()) {
      List<Future<Boolean>> adds = new ArrayList<>();
      for (int i = 0; i < 5; i++) adds.add(f.queue.schedule("wake-" + i, "vk", "user" + (i % 2), 0));
      await(Future.all(adds));
      assertEquals(5, tokens(f), "one token per job made ready");

      assertEquals(3, await(f.queue.claimMany(null, "w", 60_000, 3)).leases().size());
      assertEquals(5, tokens(f), "two jobs are still ready: their tokens (and stale ones) stay for other workers");

      assertEquals(2, await(f.queue.claimMany(null, "w", 60_000, 10)).leases().size());
      assertEquals(0, tokens(f), "nothing is ready: a worker woken now would find nothing");
    }
  }

  private static long tokens(QueueFixture f) {
    return await(f.redis.send(Request.cmd(Command.LLEN).arg(f.queue.signalKey()))).toLong();
  }
}
