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
}
