package io.clipcast.api;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A generated corpus of bad requests against every endpoint that takes input: each gets a 4xx in the error model,
 * none a 5xx, and no row is written.
 */
class BadInputCorpusTest {
  private static ApiFixture api;
  private static ApiFixture.World w;
  private static String scheduledId;

  @BeforeAll
  static void start() {
    api = new ApiFixture();
    w = api.world("pro");
    String at = java.time.LocalDateTime.now(java.time.ZoneOffset.UTC).plusDays(3).withNano(0).toString();
    scheduledId = api.json("POST", "/api/v1/publications", w.user().token(), new JsonObject().put("clipId", w.clip())
        .put("targets", new JsonArray().add(new JsonObject().put("connectionId", w.telegram()).put("caption", "x")))
        .put("publishAt", at).put("timeZone", "UTC")).json().getJsonArray("items").getJsonObject(0).getString("id");
  }

  @AfterAll
  static void stop() {
    api.close();
  }

  private record Case(String name, String method, String path, String contentType, String body, boolean auth) {}

  private static final Object[] WRONG_VALUES = {42, -1, 1.5, true, false, new JsonArray(), new JsonArray().add(1),
      new JsonObject(), new JsonObject().put("a", 1), "", " ", "x".repeat(5000), "\u0000", "a\u0000b"};

  private static List<Case> corpus() {
    List<Case> cases = new ArrayList<>();
    Map<String, JsonObject> valid = new LinkedHashMap<>();
    valid.put("/api/v1/auth/register", new JsonObject().put("email", "new@example.com").put("password", "long enough pass").put("timeZone", "UTC"));
    valid.put("/api/v1/auth/login", new JsonObject().put("email", "new@example.com").put("password", "long enough pass"));
    valid.put("/api/v1/api-keys", new JsonObject().put("name", "ci"));
    JsonObject target = new JsonObject().put("connectionId", w.telegram()).put("caption", "c");
    valid.put("/api/v1/publications", new JsonObject().put("clipId", w.clip()).put("targets", new JsonArray().add(target))
        .put("publishAt", "2030-01-01T10:00").put("timeZone", "UTC"));
    valid.put("/api/v1/publications/" + scheduledId + "/reschedule", new JsonObject().put("publishAt", "2030-01-01T10:00").put("timeZone", "UTC"));

    String deepArray = "[".repeat(5000) + "]".repeat(5000);
    StringBuilder deepObj = new StringBuilder();
    for (int i = 0; i < 3000; i++) deepObj.append("{\"a\":");
    deepObj.append("1").append("}".repeat(3000));
    String huge = new JsonObject().put("caption", "x".repeat(200_000)).encode();
    for (var e : valid.entrySet()) {
      String path = e.getKey();
      boolean auth = !path.contains("/auth/");
      // malformed bodies
      for (String body : new String[] {"", "{", "}", "[1,2]", "null", "123", "\"text\"", "{\"a\":}", "{'single':'quotes'}",
          "{\"a\":1,}", deepArray, deepObj.toString(), huge, "\uFEFF{}", "{\"email\":\"\\ud800\"}"}) {
        cases.add(new Case("malformed " + body.length(), "POST", path, "application/json", body, auth));
      }
      // wrong content types
      for (String type : new String[] {null, "text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/xml"}) {
        cases.add(new Case("content-type " + type, "POST", path, type, e.getValue().encode(), auth));
      }
      // unknown field
      cases.add(new Case("unknown field", "POST", path, "application/json", e.getValue().copy().put("isAdmin", true).encode(), auth));
      // every field with every wrong type, and missing
      for (String field : e.getValue().fieldNames()) {
        for (Object wrong : WRONG_VALUES) {
          if (field.equals("caption") || (field.equals("name") && wrong instanceof String && !((String) wrong).isBlank() && ((String) wrong).length() < 100 && !((String) wrong).contains("\u0000"))) continue;
          cases.add(new Case(field + "=" + String.valueOf(wrong).replace("\u0000", "NUL").substring(0, Math.min(20, String.valueOf(wrong).length())),
              "POST", path, "application/json", e.getValue().copy().put(field, wrong).encode(), auth));
        }
        boolean optional = field.equals("timeZone") || (field.equals("publishAt") && path.equals("/api/v1/publications"));
        if (!optional) {
          JsonObject missing = e.getValue().copy();
          missing.remove(field);
          cases.add(new Case("missing " + field, "POST", path, "application/json", missing.encode(), auth));
        }
      }
    }
    // publication specifics: times, zones, targets
    String pub = "/api/v1/publications";
    JsonObject base = valid.get(pub);
    for (String at : new String[] {"2020-01-01T10:00", "1970-01-01T00:00", "9999-12-31T23:59", "2030-02-30T10:00", "2030-13-01T10:00",
        "tomorrow", "2030-01-01", "10:00", "2030-01-01T25:00", "2027-03-28T02:30", "2027-10-31T02:30", "+002030-01-01T10:00",
        "2030-01-01T10:00+25:00", "2030-01-01T10:00Z[Mars/Base]"}) {
      String zone = at.startsWith("2027") ? "Europe/Berlin" : "UTC";
      cases.add(new Case("publishAt " + at, "POST", pub, "application/json", base.copy().put("publishAt", at).put("timeZone", zone).encode(), true));
    }
    for (String zone : new String[] {"Mars/Olympus", "UTC+3", "", "Europe/", "../../etc/passwd", "Europe/Moscow\u0000", "GMT+99"}) {
      cases.add(new Case("zone " + zone, "POST", pub, "application/json", base.copy().put("timeZone", zone).encode(), true));
    }
    for (Object targets : new Object[] {new JsonArray(), new JsonArray().add(1), new JsonArray().add("x"), new JsonArray().add(new JsonObject()),
        new JsonArray().add(target).add(target), new JsonArray().add(target.copy().put("connectionId", "not-a-uuid")),
        new JsonArray().add(target.copy().put("connectionId", java.util.UUID.randomUUID().toString())),
        new JsonArray().add(target.copy().put("options", "x")), new JsonArray().add(target.copy().put("extra", 1)),
        new JsonArray().add(target.copy().put("caption", "я".repeat(1025))), new JsonArray().add(target.copy().put("caption", "a\u0000b")),
        new JsonArray().add(target.copy().put("title", "Telegram has no titles")),
        new JsonArray().add(new JsonObject().put("connectionId", w.expired()).put("caption", "x"))}) {
      cases.add(new Case("targets " + targets.toString().substring(0, Math.min(30, targets.toString().length())), "POST", pub,
          "application/json", base.copy().put("targets", targets).encode(), true));
    }
    JsonArray many = new JsonArray();
    for (int i = 0; i < 21; i++) many.add(target);
    cases.add(new Case("21 targets", "POST", pub, "application/json", base.copy().put("targets", many).encode(), true));
    // query parameters and path ids
    for (String q : new String[] {"status=done", "status=queued,nope", "limit=0", "limit=201", "limit=abc", "limit=1e3", "clipId=x",
        "from=yesterday", "to=2030-01-01", "cursor=abc", "cursor=" + "A".repeat(500), "platform=VK!"}) {
      cases.add(new Case("query " + q, "GET", pub + "?" + q, null, null, true));
    }
    for (String id : new String[] {"x", "1", "00000000-0000-0000-0000-000000000000", "..%2F..%2Fetc", java.util.UUID.randomUUID().toString(),
        "%00", "3F2B8C1E-0A4D-4E5F-9B6A-1C2D3E4F5A6B"}) {
      cases.add(new Case("get id " + id, "GET", pub + "/" + id, null, null, true));
      cases.add(new Case("cancel id " + id, "POST", pub + "/" + id + "/cancel", null, null, true));
      cases.add(new Case("retry id " + id, "POST", pub + "/" + id + "/retry", null, null, true));
      cases.add(new Case("delete key " + id, "DELETE", "/api/v1/api-keys/" + id, null, null, true));
    }
    // no or bad credentials on every authenticated route
    for (String path : new String[] {"/api/v1/me", "/api/v1/platforms", "/api/v1/api-keys", pub, "/api/v1/events"}) {
      cases.add(new Case("no auth " + path, "GET", path, null, null, false));
    }
    return cases;
  }

  @Test
  void everyBadRequestGetsA4xxInTheErrorModelAndWritesNothing() {
    long users = api.count("SELECT count(*) FROM users");
    long pubs = api.count("SELECT count(*) FROM publications");
    long events = api.count("SELECT count(*) FROM publication_events");
    long keys = api.count("SELECT count(*) FROM api_keys");
    List<Case> cases = corpus();
    assertTrue(cases.size() >= 200, "corpus has " + cases.size() + " cases");
    List<String> problems = new ArrayList<>();
    for (Case c : cases) {
      ApiFixture.Response r = api.send(c.method(), c.path(), c.auth() ? w.user().token() : null, c.contentType(), c.body());
      if (r.status() < 400 || r.status() >= 500) {
        problems.add(c.name() + " " + c.method() + " " + c.path().substring(0, Math.min(60, c.path().length())) + " -> " + r.status() + " " + r.body().substring(0, Math.min(200, r.body().length())));
        continue;
      }
      JsonObject error;
      try {
        error = r.json().getJsonObject("error");
      } catch (RuntimeException e) {
        problems.add(c.name() + " -> body not JSON: " + r.body().substring(0, Math.min(100, r.body().length())));
        continue;
      }
      if (error == null || error.getString("code") == null || error.getString("message") == null || error.getString("message").isBlank()) {
        problems.add(c.name() + " -> not the error model: " + r.body());
      }
    }
    System.out.printf("bad input corpus: %d cases, %d problems%n", cases.size(), problems.size());
    assertEquals(List.of(), problems);
    assertEquals(users, api.count("SELECT count(*) FROM users"), "no user created");
    assertEquals(pubs, api.count("SELECT count(*) FROM publications"), "no publication created");
    assertEquals(events, api.count("SELECT count(*) FROM publication_events"), "no event written");
    assertEquals(keys, api.count("SELECT count(*) FROM api_keys"), "no API key created");
    assertNotNull(scheduledId);
  }

  @Test
  void unicodeEmojiAndRtlCaptionsAreFine() {
    ApiFixture.Response r = api.json("POST", "/api/v1/publications", w.user().token(), new JsonObject().put("clipId", w.clip())
        .put("targets", new JsonArray().add(new JsonObject().put("connectionId", w.telegram()).put("caption", "مرحبا 👋🏽 Привет \u202Etxt"))));
    assertEquals(201, r.status(), r.body());
    assertEquals("مرحبا 👋🏽 Привет \u202Etxt", r.json().getJsonArray("items").getJsonObject(0).getString("caption"));
  }
}
