package io.clipcast.queue;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static io.clipcast.queue.QueueFixture.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Schedules made at the same moment travel in one call (ScheduleBatcher); each caller still gets its own answer. */
class ScheduleBatchTest {
  private final QueueFixture f = new QueueFixture();

  @AfterEach
  void close() {
    f.close();
  }

  @Test
  void aBurstOfSchedulesFromSeveralContextsEachGetTheirOwnAnswerOnTheirOwnContext() {
    int perContext = 400;
    AtomicInteger wrongContext = new AtomicInteger();
    List<Future<List<Boolean>>> all = new ArrayList<>();
    for (int c = 0; c < 4; c++) {
      Context ctx = f.vertx.getOrCreateContext();
      int base = c;
      Promise<List<Boolean>> done = Promise.promise();
      ctx.runOnContext(v -> {
        List<Future<Boolean>> mine = new ArrayList<>();
        for (int i = 0; i < perContext; i++) {
          // every context schedules its own jobs and, twice over, the same shared ones
          String id = i < 20 ? "shared" + i : "c" + base + "-" + i;
          mine.add(f.queue.schedule(id, "p" + (i % 3), "u" + (i % 7), 0).onComplete(ar -> {
            if (Vertx.currentContext() != ctx) wrongContext.incrementAndGet();
          }));
        }
        Future.all(mine).map(cf -> mine.stream().map(Future::result).toList()).onComplete(done);
      });
      all.add(done.future());
    }
    List<List<Boolean>> answers = await(Future.all(all)).list();

    assertEquals(0, wrongContext.get(), "each answer came back on its caller's context");
    long queued = answers.stream().flatMap(List::stream).filter(b -> b).count();
    assertEquals(4 * (perContext - 20) + 20, queued, "a job scheduled by several callers is queued once");
    for (int i = 0; i < 20; i++) {
      int n = i;
      assertEquals(1, answers.stream().filter(a -> a.get(n)).count(), "exactly one caller queued shared" + i);
    }
    assertEquals(queued, await(f.queue.inspect()).ready());
    assertEquals(queued, await(f.queue.claimMany(null, "w", 60_000, 5000)).leases().size());
  }

  @Test
  void aRefusedJobDoesNotFailTheOthersSentWithIt() {
    List<Future<Boolean>> adds = new ArrayList<>();
    for (int i = 0; i < 50; i++) adds.add(f.queue.schedule(i == 25 ? "bad id" : "j" + i, "vk", "u1", 0));
    await(Future.join(adds).transform(ar -> Future.succeededFuture())); // every one has answered
    for (int i = 0; i < 50; i++) {
      if (i == 25) {
        assertInstanceOf(QueueException.class, adds.get(i).cause());
      } else {
        assertTrue(adds.get(i).result(), "j" + i);
      }
    }
    assertEquals(49, await(f.queue.inspect()).ready());
    assertThrows(AssertionError.class, () -> await(f.queue.schedule("j1", "vk", "a user", 0)));
  }
}
