package io.clipcast.queue;

import io.vertx.core.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static io.clipcast.queue.QueueFixture.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FairnessTest {
  private final QueueFixture f = new QueueFixture();

  @AfterEach
  void close() {
    f.close();
  }

  @Test
  void oneUsersBigBatchDoesNotDelayAnotherUsersSingleJob() {
    List<Future<Boolean>> adds = new ArrayList<>();
    for (int i = 0; i < 1000; i++) adds.add(f.queue.schedule("a-" + i, "vk", "userA", 0));
    await(Future.all(adds));
    await(f.queue.schedule("b-0", "vk", "userB", 0)); // queued after all of A's

    List<String> claimed = new ArrayList<>();
    for (int i = 0; i < 2; i++) claimed.add(await(f.queue.claim(null, "w", 60_000)).lease().jobId());
    assertTrue(claimed.contains("b-0"), "B's job is within the first 2 claims: " + claimed);

    // A keeps getting the turns B does not need
    assertTrue(await(f.queue.claim(null, "w", 60_000)).lease().jobId().startsWith("a-"));
  }

  @Test
  void platformsTakeTurnsToo() {
    List<Future<Boolean>> adds = new ArrayList<>();
    for (int i = 0; i < 100; i++) adds.add(f.queue.schedule("vk-" + i, "vk", "userA", 0));
    await(Future.all(adds));
    await(f.queue.schedule("tg-0", "telegram", "userA", 0));
    List<String> claimed = new ArrayList<>();
    for (int i = 0; i < 2; i++) claimed.add(await(f.queue.claim(null, "w", 60_000)).lease().jobId());
    assertTrue(claimed.contains("tg-0"), "a slow platform's backlog does not starve another: " + claimed);
  }
}
