package io.clipcast.api;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Sign-in throttling slows the guessing client and never locks the owner out. Each client is a distinct loopback
 * source address (the server sees the socket's peer, which a client cannot forge).
 */
class LoginThrottleTest {
  private static final String PASSWORD = "correct horse battery";
  private static ApiFixture api;

  @BeforeAll
  static void start() {
    api = new ApiFixture(new JsonObject().put("auth", new JsonObject().put("loginFreeFailures", 3).put("loginAddressFreeFailures", 6)
        .put("loginAccountFreeFailures", 8).put("loginBaseDelaySeconds", 3).put("loginMaxDelaySeconds", 12)
        .put("loginNewAddressDelaySeconds", 3)));
  }

  @AfterAll
  static void stop() {
    api.close();
  }

  private static LoopbackClient.Reply login(String from, String email, String password) {
    return LoopbackClient.post(api.base, from, "/api/v1/auth/login", new JsonObject().put("email", email).put("password", password));
  }

  private static void sleepSeconds(long s) throws InterruptedException {
    Thread.sleep(s * 1000 + 300);
  }

  @Test
  void guessesFromOneAddressSlowOnlyThatAddressAndNeverLockTheOwnerOut() throws Exception {
    String email = api.user("free").email();
    List<Integer> statuses = new ArrayList<>();
    LoopbackClient.Reply last = null;
    for (int i = 0; i < 12; i++) {
      last = login("127.0.0.2", email, "wrong password " + i);
      statuses.add(last.status());
    }
    assertEquals(List.of(401, 401, 401, 429, 429, 429, 429, 429, 429, 429, 429, 429), statuses, "3 free failures, then the pair waits");
    assertEquals("too_many_attempts", last.errorCode());
    assertTrue(last.retryAfter() >= 1 && last.retryAfter() <= 3, "Retry-After " + last.retryAfter());
    assertEquals(429, login("127.0.0.2", email, PASSWORD).status(), "from the guessing address, even the right password waits");

    LoopbackClient.Reply owner = login("127.0.0.3", email, PASSWORD);
    assertEquals(200, owner.status(), "the owner, from their own address, signs in at once: " + owner.body());

    sleepSeconds(last.retryAfter());
    assertEquals(401, login("127.0.0.2", email, "wrong again").status(), "after the wait, one more guess is checked");
    LoopbackClient.Reply longer = login("127.0.0.2", email, PASSWORD);
    assertEquals(429, longer.status());
    assertTrue(longer.retryAfter() > 3 && longer.retryAfter() <= 6, "the wait doubled: Retry-After " + longer.retryAfter());
    sleepSeconds(longer.retryAfter());
    assertEquals(200, login("127.0.0.2", email, PASSWORD).status(), "the right password after the wait works, from that address too");
    assertEquals(401, login("127.0.0.2", email, "typo").status(), "a success starts the pair over: free failures again");
  }

  @Test
  void concurrentGuessesAreCheckedExactlyUpToTheFreeNumber() throws Exception {
    String email = api.user("free").email();
    int n = 20;
    ExecutorService pool = Executors.newFixedThreadPool(n);
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<LoopbackClient.Reply>> replies = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        int k = i;
        replies.add(pool.submit(() -> {
          go.await();
          return login("127.0.0.4", email, "concurrent guess " + k);
        }));
      }
      go.countDown();
      int checked = 0;
      int waited = 0;
      for (Future<LoopbackClient.Reply> r : replies) {
        LoopbackClient.Reply reply = r.get();
        if (reply.status() == 401) checked++;
        if (reply.status() == 429 && reply.errorCode().equals("too_many_attempts")) waited++;
      }
      System.out.printf("login throttle: %d concurrent wrong guesses from one address: %d checked (401), %d told to wait (429)%n", n, checked, waited);
      assertEquals(3, checked, "exactly the free number of guesses is checked");
      assertEquals(n - 3, waited);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void anAddressGuessingManyAccountsWaitsAloneWhileTheOwnersSignIn() {
    List<String> emails = new ArrayList<>();
    for (int i = 0; i < 7; i++) emails.add(api.user("free").email());
    for (int i = 0; i < 6; i++) assertEquals(401, login("127.0.0.5", emails.get(i), "stuffed password").status());
    LoopbackClient.Reply seventh = login("127.0.0.5", emails.get(6), "stuffed password");
    assertEquals(429, seventh.status(), "past 6 failures over all accounts, the address waits");
    assertTrue(seventh.json().getJsonObject("error").getString("message").contains("from your address"), seventh.body());
    assertEquals(200, login("127.0.0.6", emails.get(6), PASSWORD).status(), "its owner elsewhere is not slowed");
  }

  @Test
  void manyAddressesGuessingOneAccountSlowNewAddressesButNotTheOwnersOwn() throws Exception {
    String email = api.user("free").email();
    assertEquals(200, login("127.0.0.7", email, PASSWORD).status(), "the owner's usual address becomes known");
    for (int i = 1; i <= 8; i++) {
      assertEquals(401, login("127.0.1." + i, email, "distributed guess " + i).status(), "each address's first guess is checked");
    }
    LoopbackClient.Reply guesser = login("127.0.1.9", email, "distributed guess 9");
    assertEquals(429, guesser.status(), "past 8 failures on the account, a new address waits first");
    assertEquals(3, guesser.retryAfter());

    assertEquals(200, login("127.0.0.7", email, PASSWORD).status(), "from a known address, no wait at all");
    LoopbackClient.Reply newPlace = login("127.0.1.10", email, PASSWORD);
    assertEquals(429, newPlace.status(), "the owner on a new address waits once…");
    sleepSeconds(newPlace.retryAfter());
    assertEquals(200, login("127.0.1.10", email, PASSWORD).status(), "…and is then let in");

    sleepSeconds(guesser.retryAfter());
    assertEquals(401, login("127.0.1.9", email, "distributed guess 10").status());
    assertEquals(429, login("127.0.1.9", email, "distributed guess 11").status(), "a guessing new address waits before every attempt");
  }
}
