package io.clipcast.api;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Sign-ups are limited per address before any password is hashed, and hashing itself is bounded per node. */
class SignUpLimitTest {
  private static ApiFixture limited;
  private static ApiFixture tight;

  @BeforeAll
  static void start() {
    limited = new ApiFixture(new JsonObject().put("auth", new JsonObject().put("signupsPerAddress", 3)));
    tight = new ApiFixture(new JsonObject().put("auth", new JsonObject().put("hashThreads", 1).put("hashMaxPending", 2)));
  }

  @AfterAll
  static void stop() {
    limited.close();
    tight.close();
  }

  private static JsonObject signUp(String email) {
    return new JsonObject().put("email", email).put("password", "correct horse battery");
  }

  /** Sends {@code n} requests at once (released together) and returns the replies in order. */
  private static List<LoopbackClient.Reply> burst(int n, IntFunction<LoopbackClient.Reply> request) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(n);
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<LoopbackClient.Reply>> futures = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        int k = i;
        futures.add(pool.submit(() -> {
          go.await();
          return request.apply(k);
        }));
      }
      go.countDown();
      List<LoopbackClient.Reply> out = new ArrayList<>();
      for (Future<LoopbackClient.Reply> f : futures) out.add(f.get());
      return out;
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aBurstOfSignUpsFromOneAddressIsCutAtTheLimit() throws Exception {
    String run = UUID.randomUUID().toString().substring(0, 8);
    long started = System.nanoTime();
    List<LoopbackClient.Reply> replies = burst(12, i -> LoopbackClient.post(limited.base, "127.0.0.20", "/api/v1/auth/register",
        signUp("burst-" + run + "-" + i + "@example.com")));
    long ms = (System.nanoTime() - started) / 1_000_000;
    long created = replies.stream().filter(r -> r.status() == 201).count();
    long refused = replies.stream().filter(r -> r.status() == 429).count();
    System.out.printf("sign-up burst: 12 from one address in %d ms: %d created, %d refused (429)%n", ms, created, refused);
    assertEquals(3, created, "exactly the limit is created");
    assertEquals(9, refused);
    for (LoopbackClient.Reply r : replies) {
      if (r.status() != 429) continue;
      assertEquals("too_many_signups", r.errorCode());
      assertNotNull(r.json().getJsonObject("error").getString("message"));
      assertTrue(r.retryAfter() > 0 && r.retryAfter() <= 3600, "Retry-After " + r.retryAfter());
    }
    assertEquals(3, limited.count("SELECT count(*) FROM users WHERE email LIKE 'burst-" + run + "-%'"), "no user rows beyond the limit");
    assertEquals(201, LoopbackClient.post(limited.base, "127.0.0.21", "/api/v1/auth/register", signUp("other-" + run + "@example.com")).status(),
        "another address is not affected");
    assertEquals(400, LoopbackClient.post(limited.base, "127.0.0.22", "/api/v1/auth/register", new JsonObject().put("email", "x")).status(),
        "a body that fails its checks is refused first…");
    for (int i = 0; i < 3; i++) {
      assertEquals(201, LoopbackClient.post(limited.base, "127.0.0.22", "/api/v1/auth/register", signUp("third-" + i + run + "@example.com")).status(),
          "…and does not use up the address's sign-ups");
    }
  }

  @Test
  void passwordHashingIsBoundedAndTheNodeStaysHealthy() throws Exception {
    String run = UUID.randomUUID().toString().substring(0, 8);
    List<LoopbackClient.Reply> replies = burst(16, i -> LoopbackClient.post(tight.base, "127.0.2." + (i + 1), "/api/v1/auth/register",
        signUp("hash-" + run + "-" + i + "@example.com")));
    long created = replies.stream().filter(r -> r.status() == 201).count();
    long busy = replies.stream().filter(r -> r.status() == 503).count();
    System.out.printf("hashing bound (1 thread, 2 pending): 16 concurrent sign-ups from 16 addresses: %d created, %d answered 503%n", created, busy);
    assertEquals(16, created + busy, "every answer is a sign-up or a 'busy': " + replies);
    assertTrue(busy > 0, "past 2 pending hashes, the node answers at once instead of queueing");
    for (LoopbackClient.Reply r : replies) {
      if (r.status() != 503) continue;
      assertEquals("server_busy", r.errorCode());
      assertEquals(1, r.retryAfter());
    }
    assertEquals(created, tight.count("SELECT count(*) FROM users WHERE email LIKE 'hash-" + run + "-%'"), "a busy answer wrote nothing");
    assertEquals(201, LoopbackClient.post(tight.base, "127.0.2.100", "/api/v1/auth/register", signUp("after-" + run + "@example.com")).status(),
        "after the burst, sign-up works");
  }
}
