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

  @Test
  void usersWithBacklogsGetOneJobEachPerTurnAndALateUserJoinsTheNextTurn() {
    for (String user : List.of("a", "b", "c")) {
      // one at a time: schedules in flight together may reach Redis in any order
      for (int i = 0; i < 4; i++) await(f.queue.schedule(user + "-" + i, "vk", "user-" + user, 0));
    }
    List<String> claimed = new ArrayList<>();
    for (int i = 0; i < 6; i++) claimed.add(await(f.queue.claim(null, "w", 60_000)).lease().jobId());
    await(f.queue.schedule("d-0", "vk", "user-d", 0)); // arrives after two turns
    for (int i = 0; i < 7; i++) claimed.add(await(f.queue.claim(null, "w", 60_000)).lease().jobId());
    for (int turn = 0; turn < 2; turn++) {
      List<String> users = new ArrayList<>();
      for (String id : claimed.subList(turn * 3, turn * 3 + 3)) users.add(id.substring(0, 1));
      assertTrue(users.containsAll(List.of("a", "b", "c")), "turn " + turn + " gives each user one job: " + claimed);
    }
    assertTrue(claimed.subList(6, 10).contains("d-0"), "the late user is served in the next turn: " + claimed);
    for (String user : List.of("a", "b", "c")) {
      List<String> own = claimed.stream().filter(id -> id.startsWith(user + "-")).toList();
      assertTrue(own.equals(List.of(user + "-0", user + "-1", user + "-2", user + "-3")), "a user's jobs keep their order: " + own);
    }
  }
}
