package io.clipcast.api;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The SSE stream carries the user's own status changes live, and Last-Event-ID replays what was missed. */
class EventStreamTest {
  private static ApiFixture api;

  @BeforeAll
  static void start() {
    api = new ApiFixture();
  }

  @AfterAll
  static void stop() {
    api.close();
  }

  /** Opens the stream and feeds each event's data JSON (with its id) into a queue. */
  private static BlockingQueue<JsonObject> open(String token, String lastEventId) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(api.base + "/api/v1/events")).header("Authorization", "Bearer " + token);
    if (lastEventId != null) b.header("Last-Event-ID", lastEventId);
    HttpResponse<java.io.InputStream> r = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
    assertEquals(200, r.statusCode());
    assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream"));
    BlockingQueue<JsonObject> events = new ArrayBlockingQueue<>(100);
    Thread reader = new Thread(() -> {
      try (BufferedReader in = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
        String line;
        String id = null;
        while ((line = in.readLine()) != null) {
          if (line.startsWith("id: ")) id = line.substring(4);
          if (line.startsWith("data: ")) events.add(new JsonObject(line.substring(6)).put("sseId", id));
        }
      } catch (Exception ignored) {
        // stream closed at the end of the test
      }
    });
    reader.setDaemon(true);
    reader.start();
    return events;
  }

  @Test
  void liveEventsAndResumeFromLastEventId() throws Exception {
    ApiFixture.World w = api.world("pro");
    ApiFixture.User stranger = api.user("pro");
    BlockingQueue<JsonObject> mine = open(w.user().token(), null);
    BlockingQueue<JsonObject> theirs = open(stranger.token(), null);
    Thread.sleep(200);
    String id = api.json("POST", "/api/v1/publications", w.user().token(),
        PublicationsApiTest.create(w, PublicationsApiTest.target(w.telegram(), "hi"))).json().getJsonArray("items").getJsonObject(0).getString("id");
    JsonObject created = mine.poll(5, TimeUnit.SECONDS);
    assertNotNull(created, "the creation reached the stream");
    assertEquals("queued", created.getString("to"));
    assertEquals(id, created.getString("publicationId"));
    api.send("POST", "/api/v1/publications/" + id + "/cancel", w.user().token(), null, null);
    JsonObject cancelled = mine.poll(5, TimeUnit.SECONDS);
    assertEquals("cancelled", cancelled.getString("to"));
    assertEquals("queued", cancelled.getString("from"));
    assertTrue(theirs.poll(500, TimeUnit.MILLISECONDS) == null, "another user's stream sees nothing");

    // a client that saw only the first event reconnects and gets exactly the rest
    BlockingQueue<JsonObject> resumed = open(w.user().token(), created.getString("sseId"));
    JsonObject replayed = resumed.poll(5, TimeUnit.SECONDS);
    assertNotNull(replayed);
    assertEquals(cancelled.getString("sseId"), replayed.getString("sseId"));
    List<JsonObject> more = new ArrayList<>();
    resumed.drainTo(more);
    assertEquals(0, more.size(), "no repeats");
  }

  /** Opens a stream on a raw socket (closing the socket is the client going away) and returns it with the answer's status. */
  private static java.util.Map.Entry<Integer, java.net.Socket> openRaw(ApiFixture api, String token) throws Exception {
    URI uri = URI.create(api.base);
    java.net.Socket s = new java.net.Socket(uri.getHost(), uri.getPort());
    s.setSoTimeout(10_000);
    s.getOutputStream().write(("GET /api/v1/events HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + token + "\r\n\r\n")
        .getBytes(StandardCharsets.US_ASCII));
    java.io.InputStream in = s.getInputStream();
    StringBuilder head = new StringBuilder();
    while (!head.toString().endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) break;
      head.append((char) b);
    }
    return java.util.Map.entry(Integer.parseInt(head.toString().split(" ")[1]), s);
  }

  /** How many event-bus consumers a status change is delivered to on this node (an inbound interceptor counts them). */
  private static int consumersOfStatusChanges(ApiFixture api) throws Exception {
    String marker = java.util.UUID.randomUUID().toString();
    java.util.concurrent.atomic.AtomicInteger deliveries = new java.util.concurrent.atomic.AtomicInteger();
    io.vertx.core.Handler<io.vertx.core.eventbus.DeliveryContext<Object>> count = dc -> {
      if (dc.message().body() instanceof JsonObject b && marker.equals(b.getString("publicationId"))) deliveries.incrementAndGet();
      dc.next();
    };
    api.vertx.eventBus().addInboundInterceptor(count);
    try {
      api.vertx.eventBus().publish(io.clipcast.publication.StatusChange.ADDRESS, new io.clipcast.publication.StatusChange(1, marker,
          java.util.UUID.randomUUID().toString(), "vk", null, "queued", 0, java.time.Instant.now().toString(), new JsonObject()).toJson());
      Thread.sleep(500);
      return deliveries.get();
    } finally {
      api.vertx.eventBus().removeInboundInterceptor(count);
    }
  }

  private static long slotsHeld(ApiFixture api, String userId) throws Exception {
    var redis = io.clipcast.redis.RedisClients.pooled(api.vertx, api.config.getJsonObject("redis"));
    try {
      return redis.send(io.vertx.redis.client.Request.cmd(io.vertx.redis.client.Command.ZCARD)
          .arg(api.config.getJsonObject("redis").getString("keyPrefix") + "sse:" + userId)).await(5, TimeUnit.SECONDS).toLong();
    } finally {
      redis.close();
    }
  }

  @Test
  void streamsPerUserAreCappedAndAClosedStreamGivesBackItsPlace() throws Exception {
    // a node of its own: the consumer count is then only this test's streams (and the node's own listeners)
    try (ApiFixture api = new ApiFixture(new JsonObject().put("publications", new JsonObject().put("sseMaxStreamsPerUser", 3)))) {
      streamsAreCapped(api);
    }
  }

  private static void streamsAreCapped(ApiFixture api) throws Exception {
    ApiFixture.User u = api.user("pro");
    int baseline = consumersOfStatusChanges(api);
    List<java.net.Socket> streams = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      var opened = openRaw(api, u.token());
      assertEquals(200, opened.getKey());
      streams.add(opened.getValue());
    }
    int withStreams = consumersOfStatusChanges(api);
    assertEquals(baseline + 3, withStreams, "one consumer per open stream");
    assertEquals(3, slotsHeld(api, u.id()));

    ApiFixture.Response refused = api.get("/api/v1/events", u.token());
    assertEquals(429, refused.status(), refused.body());
    assertEquals("too_many_streams", refused.errorCode());
    assertTrue(refused.json().getJsonObject("error").getString("message").contains("3 event streams"), refused.body());
    assertTrue(refused.raw().headers().firstValue("Retry-After").isPresent());
    var someoneElse = openRaw(api, api.user("pro").token());
    assertEquals(200, someoneElse.getKey(), "the cap is per user");
    someoneElse.getValue().close();

    streams.remove(0).close();
    int status = 0;
    for (int i = 0; i < 50 && status != 200; i++) {
      var again = openRaw(api, u.token());
      status = again.getKey();
      if (status == 200) streams.add(again.getValue());
      else {
        again.getValue().close();
        Thread.sleep(100);
      }
    }
    assertEquals(200, status, "a closed stream gives its place back");

    for (java.net.Socket s : streams) s.close();
    long held = -1;
    int consumers = -1;
    for (int i = 0; i < 50 && (held != 0 || consumers != baseline); i++) {
      Thread.sleep(100);
      held = slotsHeld(api, u.id());
      consumers = consumersOfStatusChanges(api);
    }
    System.out.printf("sse cap: baseline %d status-change consumers, %d with 3 streams open, %d after all closed; slots held after: %d%n",
        baseline, withStreams, consumers, held);
    assertEquals(0, held, "no slot outlives its stream");
    assertEquals(baseline, consumers, "no consumer outlives its stream");
  }
}
