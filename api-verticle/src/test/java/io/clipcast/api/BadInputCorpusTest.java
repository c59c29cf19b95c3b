package io.clipcast.api;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A generated corpus of bad requests against every route: wrong JSON, wrong types and nulls in every field (nested ones
 * too), NUL and control characters, invalid UTF-8, out-of-range numbers and ports, bad path ids and query parameters,
 * bad credentials, and raw-socket requests no HTTP library would send. Each gets a 4xx in the error model, none a 5xx,
 * and no row is written.
 */
class BadInputCorpusTest {
  private static TestSandbox sandbox;
  private static ApiFixture api;
  private static ApiFixture.World w;
  private static String scheduledId;
  private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();

  @BeforeAll
  static void start() throws Exception {
    sandbox = new TestSandbox();
    api = new ApiFixture(new JsonObject().put("sandbox", sandbox.base).put("http", new JsonObject().put("headerTimeoutSeconds", 3)
        .put("requestTimeoutSeconds", 5)).put("oauth", new JsonObject().put("clients", new JsonObject()
        .put("vk", new JsonObject().put("clientId", "51000001").put("clientSecret", "s3cret")))));
    w = api.world("pro");
    String at = java.time.LocalDateTime.now(java.time.ZoneOffset.UTC).plusDays(3).withNano(0).toString();
    scheduledId = api.json("POST", "/api/v1/publications", w.user().token(), new JsonObject().put("clipId", w.clip())
        .put("targets", new JsonArray().add(new JsonObject().put("connectionId", w.telegram()).put("caption", "x")))
        .put("publishAt", at).put("timeZone", "UTC")).json().getJsonArray("items").getJsonObject(0).getString("id");
  }

  @AfterAll
  static void stop() throws Exception {
    api.close();
    sandbox.close();
  }

  /** One request: {@code raw} is sent as bytes on a socket as it is; otherwise method, path, headers and body. */
  private record Case(String name, String method, String path, Map<String, String> headers, byte[] body, boolean auth, byte[] raw) {
    static Case http(String name, String method, String path, String contentType, byte[] body, boolean auth) {
      Map<String, String> h = new LinkedHashMap<>();
      if (contentType != null) h.put("Content-Type", contentType);
      return new Case(name, method, path, h, body, auth, null);
    }

    static Case json(String name, String method, String path, String body, boolean auth) {
      return http(name, method, path, "application/json", body.getBytes(StandardCharsets.UTF_8), auth);
    }
  }

  /** Values that are wrong for every field below (types, nulls, nesting, characters, sizes, numbers). */
  private static final Object[] WRONG_VALUES = {
      null, 42, -1, 0, 1.5, -0.0, 1e308, new BigInteger("9223372036854775808"), new BigInteger("-99999999999999999999999999"),
      true, false,
      new JsonArray(), new JsonArray().add(1), new JsonArray().addNull(), new JsonArray().add(new JsonObject().putNull("a")),
      new JsonObject(), new JsonObject().put("a", 1), new JsonObject().putNull("a"), new JsonObject().put("a", new JsonObject().putNull("b")),
      "", " ", "\t\n", "x".repeat(5000), "\u0000", "a\u0000b", "\u0001\u001f\u007f", "\u0085\u2028\u2029", "\ud800", "\udfff\ud800",
      "\uffff", "\ufeff", "%00", "%C3%28", "\r\nX-Injected: 1", "../../etc/passwd", "http://127.0.0.1:99999/x", "http://[::1",
      "1".repeat(400), "-99999999999999999999", "1e999", "NaN", "Infinity"};

  /** Free-text fields: a plain string is a valid value there, so only the non-string and poisoned values are bad. */
  private static final Set<String> FREE_TEXT = Set.of("name", "caption", "title", "fileName", "code", "error", "state", "password");

  /** Optional fields: JSON null there means "not given", as leaving the field out does. */
  private static final Set<String> OPTIONAL = Set.of("publishAt", "timeZone", "fileName", "code", "error", "params");

  private static boolean acceptable(String field, Object value) {
    if (value == null) return OPTIONAL.contains(field);
    if (!(value instanceof String s) || !FREE_TEXT.contains(field)) return false;
    boolean poisoned = s.chars().anyMatch(c -> c == 0) || s.length() > 1000 || s.isBlank();
    return !poisoned;
  }

  private static List<Case> corpus() {
    List<Case> cases = new ArrayList<>();
    String target = "targets[0]";
    JsonObject telegramTarget = new JsonObject().put("connectionId", w.telegram()).put("caption", "c");
    Map<String, JsonObject> valid = new LinkedHashMap<>();
    valid.put("/api/v1/auth/register", new JsonObject().put("email", "new@example.com").put("password", "long enough pass").put("timeZone", "UTC"));
    valid.put("/api/v1/auth/login", new JsonObject().put("email", "new@example.com").put("password", "long enough pass"));
    valid.put("/api/v1/api-keys", new JsonObject().put("name", "ci"));
    valid.put("/api/v1/publications", new JsonObject().put("clipId", w.clip()).put("targets", new JsonArray().add(telegramTarget))
        .put("publishAt", "2030-01-01T10:00").put("timeZone", "UTC"));
    valid.put("/api/v1/publications/" + scheduledId + "/reschedule", new JsonObject().put("publishAt", "2030-01-01T10:00").put("timeZone", "UTC"));
    valid.put("/api/v1/connections", new JsonObject().put("platform", "telegram")
        .put("credentials", new JsonObject().put("botToken", "123:not-a-bot").put("chat", "@nochannel")));
    valid.put("/api/v1/connections/oauth/start", new JsonObject().put("platform", "vk"));
    valid.put("/api/v1/connections/oauth/callback", new JsonObject().put("state", "s".repeat(40)).put("code", "c")
        .put("params", new JsonObject().put("device_id", "d")));
    valid.put("/api/v1/clips/import", new JsonObject().put("url", "http://127.0.0.1:1/clip.mp4").put("fileName", "a.mp4"));

    String deepArray = "[".repeat(5000) + "]".repeat(5000);
    StringBuilder deepObj = new StringBuilder();
    for (int i = 0; i < 3000; i++) deepObj.append("{\"a\":");
    deepObj.append("1").append("}".repeat(3000));
    String huge = new JsonObject().put("caption", "x".repeat(200_000)).encode();
    byte[][] invalidUtf8 = {{'{', '"', 'a', '"', ':', '"', (byte) 0xC3, 0x28, '"', '}'}, {(byte) 0xFF, (byte) 0xFE, '{', '}'},
        {'{', '"', (byte) 0xC0, (byte) 0xAF, '"', ':', '1', '}'}, {'{', '"', 'e', '"', ':', '"', (byte) 0xED, (byte) 0xA0, (byte) 0x80, '"', '}'},
        {'{', '"', 'e', '"', ':', '"', (byte) 0xF8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80, '"', '}'}, {(byte) 0x80}};

    for (var e : valid.entrySet()) {
      String path = e.getKey();
      boolean auth = !path.contains("/auth/");
      for (String body : new String[] {"", "{", "}", "[1,2]", "null", "123", "\"text\"", "{\"a\":}", "{'single':'quotes'}",
          "{\"a\":1,}", deepArray, deepObj.toString(), huge, "\uFEFF{}", "{\"email\":\"\\ud800\"}", "{\"a\":1}{\"b\":2}", "{\"a\":NaN}",
          "{\"a\":01}", "{\"a\":1e99999}", "{\"a\" 1}", "\u0000", "{\"\u0000\":1}", "{\"a\":\"\u0001\"}", "[]", "true"}) {
        cases.add(Case.json("malformed " + body.length(), "POST", path, body, auth));
      }
      for (byte[] bytes : invalidUtf8) cases.add(Case.http("invalid utf-8", "POST", path, "application/json", bytes, auth));
      for (String type : new String[] {null, "text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x",
          "application/xml", "application/jsonp", "json", ""}) {
        cases.add(Case.http("content-type " + type, "POST", path, type, e.getValue().encode().getBytes(StandardCharsets.UTF_8), auth));
      }
      cases.add(Case.json("unknown field", "POST", path, e.getValue().copy().put("isAdmin", true).encode(), auth));
      cases.add(Case.json("null field name", "POST", path, e.getValue().copy().putNull("").encode(), auth));
      addFieldCases(cases, path, e.getValue(), auth, "");
      for (String field : e.getValue().fieldNames()) {
        boolean optional = Set.of("timeZone", "publishAt", "fileName", "code", "params").contains(field) && !path.endsWith("/reschedule");
        if (!optional) {
          JsonObject missing = e.getValue().copy();
          missing.remove(field);
          cases.add(Case.json("missing " + field, "POST", path, missing.encode(), auth));
        }
      }
    }
    // nested fields: a publication target, connection credentials, callback params
    String pub = "/api/v1/publications";
    JsonObject base = valid.get(pub);
    for (String field : telegramTarget.fieldNames()) {
      for (Object wrong : WRONG_VALUES) {
        if (acceptable(field, wrong) || (field.equals("caption") && wrong instanceof String s && s.length() <= 1024 && !s.contains("\u0000"))) continue;
        cases.add(Case.json(target + "." + field + "=" + show(wrong), "POST", pub,
            base.copy().put("targets", new JsonArray().add(telegramTarget.copy().put(field, wrong))).encode(), true));
      }
    }
    for (Object wrong : WRONG_VALUES) {
      cases.add(Case.json(target + ".options=" + show(wrong), "POST", pub,
          base.copy().put("targets", new JsonArray().add(telegramTarget.copy().put("options", wrong instanceof JsonObject ? new JsonObject().put("bogus", wrong) : wrong))).encode(), true));
      cases.add(Case.json("targets[i]=" + show(wrong), "POST", pub, base.copy().put("targets", new JsonArray().add(wrong)).encode(), true));
    }
    JsonObject connect = valid.get("/api/v1/connections");
    for (String platform : new String[] {"telegram", "rutube"}) {
      for (String field : new String[] {"botToken", "chat", "token", "apiKey"}) {
        for (Object wrong : WRONG_VALUES) {
          JsonObject creds = platform.equals("telegram") ? connect.getJsonObject("credentials").copy() : new JsonObject().put("token", "t");
          cases.add(Case.json(platform + " credentials." + field + "=" + show(wrong), "POST", "/api/v1/connections",
              connect.copy().put("platform", platform).put("credentials", creds.put(field, wrong)).encode(), true));
        }
      }
    }
    JsonObject callback = valid.get("/api/v1/connections/oauth/callback");
    for (Object wrong : WRONG_VALUES) {
      cases.add(Case.json("params.device_id=" + show(wrong), "POST", "/api/v1/connections/oauth/callback",
          callback.copy().put("params", new JsonObject().put("device_id", wrong)).encode(), true));
    }
    // publication specifics: times, zones, targets
    for (String at : new String[] {"2020-01-01T10:00", "1970-01-01T00:00", "9999-12-31T23:59", "2030-02-30T10:00", "2030-13-01T10:00",
        "tomorrow", "2030-01-01", "10:00", "2030-01-01T25:00", "2027-03-28T02:30", "2027-10-31T02:30", "+002030-01-01T10:00",
        "2030-01-01T10:00+25:00", "2030-01-01T10:00Z[Mars/Base]", "-2030-01-01T10:00", "2030-01-01T10:00:60", "2030-01-01T10:00\u0000"}) {
      String zone = at.startsWith("2027") ? "Europe/Berlin" : "UTC";
      cases.add(Case.json("publishAt " + at, "POST", pub, base.copy().put("publishAt", at).put("timeZone", zone).encode(), true));
      cases.add(Case.json("reschedule " + at, "POST", pub + "/" + scheduledId + "/reschedule",
          new JsonObject().put("publishAt", at).put("timeZone", zone).encode(), true));
    }
    for (String zone : new String[] {"Mars/Olympus", "UTC+3", "Europe/", "../../etc/passwd", "Europe/Moscow\u0000", "GMT+99", "SystemV/EST5",
        "+25:00", "Z ", "utc\n"}) {
      cases.add(Case.json("zone " + zone, "POST", pub, base.copy().put("timeZone", zone).encode(), true));
      if (zone.equals("UTC+3") || zone.startsWith("SystemV/")) continue; // zone ids Java knows are valid account zones
      cases.add(Case.json("register zone " + zone, "POST", "/api/v1/auth/register",
          valid.get("/api/v1/auth/register").copy().put("timeZone", zone).encode(), false));
    }
    JsonArray many = new JsonArray();
    for (int i = 0; i < 21; i++) many.add(telegramTarget.copy().put("connectionId", UUID.randomUUID().toString()));
    cases.add(Case.json("21 targets", "POST", pub, base.copy().put("targets", many).encode(), true));
    cases.add(Case.json("same target twice", "POST", pub, base.copy().put("targets", new JsonArray().add(telegramTarget).add(telegramTarget)).encode(), true));
    cases.add(Case.json("expired connection", "POST", pub, base.copy().put("targets", new JsonArray()
        .add(new JsonObject().put("connectionId", w.expired()).put("caption", "x"))).encode(), true));
    cases.add(Case.json("telegram title", "POST", pub, base.copy().put("targets", new JsonArray().add(telegramTarget.copy().put("title", "t"))).encode(), true));
    // import links
    for (String url : new String[] {"http://example.com:99999/a.mp4", "http://example.com:-1/a.mp4", "http://example.com:0/a.mp4",
        "http://example.com:65536/a.mp4", "http://example.com:18446744073709551616/a.mp4", "ftp://example.com/a.mp4", "file:///etc/passwd",
        "http://169.254.169.254/latest/meta-data", "http://10.0.0.1/a", "http://[::1]/a", "http://localhost/a", "http://0.0.0.0/a",
        "http://user:pw@example.com/a", "http://exa mple.com/a", "http://%00/a", "http://example.com/\u0000", "javascript:alert(1)",
        "http:///a", "//example.com/a", "http://[fe80::1%25eth0]/a", "http://127.1/a", "http://2130706433/a", "http://0x7f000001/a"}) {
      cases.add(Case.json("import " + url, "POST", "/api/v1/clips/import", new JsonObject().put("url", url).encode(), true));
    }
    // queries
    List<String> badQueryValues = List.of("", "%00", "a%00b", "%C3%28", "%FF", "%zz", "%", "x".repeat(3000), "-1", "0", "99999999999999999999",
        "1e3", "NaN", "%0D%0AX:1", "[]", "{}");
    for (String param : new String[] {"status", "platform", "clipId", "from", "to", "limit", "cursor"}) {
      for (String v : badQueryValues) {
        if (v.isEmpty() && !Set.of("limit", "clipId", "from", "to", "cursor").contains(param)) continue;
        cases.add(Case.http("query " + param + "=" + v, "GET", pub + "?" + param + "=" + v, null, null, true));
      }
    }
    for (String v : badQueryValues) {
      if (v.isEmpty()) continue;
      cases.add(Case.http("check platforms=" + v, "POST", "/api/v1/clips/" + w.clip() + "/check?platforms=" + v, null, null, true));
      cases.add(Case.http("stats format=" + v, "GET", "/api/v1/clips/" + w.clip() + "/stats?format=" + v, null, null, true));
      cases.add(Case.http("media sig=" + v, "GET", "/media/" + w.clip() + "?exp=" + v + "&sig=" + v, null, null, false));
    }
    // path ids on every route that takes one
    String[] badIds = {"x", "1", "00000000-0000-0000-0000-000000000000", "..%2F..%2Fetc", UUID.randomUUID().toString(), "%00", "a%00b",
        "%C3%28", "3F2B8C1E-0A4D-4E5F-9B6A-1C2D3E4F5A6B", "x".repeat(2000), "%20", "null", "-1", "99999999999999999999"};
    String[][] idRoutes = {{"GET", "/api/v1/publications/{}"}, {"POST", "/api/v1/publications/{}/cancel"}, {"POST", "/api/v1/publications/{}/retry"},
        {"GET", "/api/v1/publications/{}/stats"}, {"DELETE", "/api/v1/api-keys/{}"}, {"GET", "/api/v1/clips/{}"}, {"DELETE", "/api/v1/clips/{}"},
        {"POST", "/api/v1/clips/{}/check"}, {"POST", "/api/v1/clips/{}/media-url"}, {"GET", "/api/v1/clips/{}/stats"},
        {"DELETE", "/api/v1/connections/{}"}, {"GET", "/media/{}"}, {"GET", "/feeds/{}.xml"}};
    for (String id : badIds) {
      cases.add(Case.json("reschedule id " + id.substring(0, Math.min(12, id.length())), "POST", "/api/v1/publications/" + id + "/reschedule",
          new JsonObject().put("publishAt", "2030-01-01T10:00").encode(), true));
    }
    for (String[] r : idRoutes) {
      for (String id : badIds) {
        cases.add(Case.http(r[0] + " " + r[1] + " id " + id.substring(0, Math.min(12, id.length())), r[0], r[1].replace("{}", id), null, null,
            !r[1].startsWith("/media") && !r[1].startsWith("/feeds")));
      }
    }
    // credentials: none, malformed, forged, on every authenticated route
    String[][] authed = {{"GET", "/api/v1/me"}, {"GET", "/api/v1/platforms"}, {"GET", "/api/v1/api-keys"}, {"POST", "/api/v1/api-keys"},
        {"GET", pub}, {"POST", pub}, {"GET", "/api/v1/events"}, {"GET", "/api/v1/clips"}, {"POST", "/api/v1/clips"},
        {"POST", "/api/v1/clips/import"}, {"GET", "/api/v1/connections"}, {"POST", "/api/v1/connections"},
        {"POST", "/api/v1/connections/oauth/start"}, {"POST", "/api/v1/connections/oauth/callback"},
        {"GET", pub + "/" + scheduledId}, {"POST", pub + "/" + scheduledId + "/cancel"}, {"GET", "/api/v1/clips/" + w.clip()}};
    String forged = w.user().token().substring(0, w.user().token().lastIndexOf('.') + 1) + "AAAA";
    String[] badAuth = {null, "", "Bearer", "Bearer ", "Basic dXNlcjpwYXNz", "Bearer " + forged, "Bearer x.y.z", "Bearer \u00ff\u00fe",
        "Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.", "Bearer " + "a".repeat(5000), "Token abc", "Bearer ck_nonexistentkey"};
    for (String[] r : authed) {
      for (String a : badAuth) {
        Map<String, String> h = new LinkedHashMap<>();
        if (a != null) h.put("Authorization", a);
        h.put("Content-Type", "application/json");
        cases.add(new Case("auth " + (a == null ? "none" : a.substring(0, Math.min(12, a.length()))) + " " + r[1], r[0], r[1], h,
            r[0].equals("POST") ? "{}".getBytes(StandardCharsets.UTF_8) : null, false, null));
      }
    }
    // Idempotency-Key header values
    for (String key : new String[] {"", " ", "x".repeat(201), "\u00ff", "k\tk"}) {
      Map<String, String> h = new LinkedHashMap<>(Map.of("Content-Type", "application/json", "Idempotency-Key", key));
      cases.add(new Case("idempotency key " + key.length(), "POST", pub, h, base.encode().getBytes(StandardCharsets.UTF_8), true, null));
    }
    // uploads refused before anything is stored
    for (String type : new String[] {null, "text/plain", "image/png", "application/json", "multipart/form-data; boundary=x", "audio/mpeg"}) {
      cases.add(Case.http("upload type " + type, "POST", "/api/v1/clips", type, "not a video".getBytes(StandardCharsets.UTF_8), true));
    }
    cases.add(Case.http("upload empty", "POST", "/api/v1/clips", "video/mp4", new byte[0], true));
    // unknown routes and methods
    for (String[] r : new String[][] {{"PUT", pub}, {"PATCH", "/api/v1/me"}, {"DELETE", pub}, {"GET", "/api/v2/publications"},
        {"GET", "/api/v1/../../etc/passwd"}, {"GET", "/api/v1/%00"}, {"GET", "/api/v1/publications/%C3%28/x"}, {"TRACE", "/api/v1/me"},
        {"GET", "/api/v1/" + "x/".repeat(500)}, {"OPTIONS", "/api/v1/me"}}) {
      cases.add(Case.http("route " + r[0] + " " + r[1].substring(0, Math.min(30, r[1].length())), r[0], r[1], null, null, true));
    }
    cases.addAll(rawCases());
    return cases;
  }

  private static void addFieldCases(List<Case> cases, String path, JsonObject valid, boolean auth, String prefix) {
    for (String field : valid.fieldNames()) {
      for (Object wrong : WRONG_VALUES) {
        if (acceptable(field, wrong)) continue;
        if (path.endsWith("/oauth/callback") && field.equals("params") && wrong instanceof JsonObject) continue; // params may hold anything
        cases.add(Case.json(prefix + field + "=" + show(wrong), "POST", path, valid.copy().put(field, wrong).encode(), auth));
      }
    }
  }

  /** Requests no HTTP library sends: broken request lines and headers, lying lengths, bad chunking, raw bytes. */
  private static List<Case> rawCases() {
    String token = w.user().token();
    String login = "/api/v1/auth/login";
    String[] raws = {
        "GET / HTTP/1.1\r\nHost: x\r\nX: a\u0000b\r\n\r\n",
        "GET /api/v1/me HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer \u0000" + token + "\r\n\r\n",
        "GET /api/v1/me\u0000 HTTP/1.1\r\nHost: x\r\n\r\n",
        "GET /api/v1/publications?status=%00 HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + token + "\r\n\r\n",
        "GET /api/v1/publications?status=\u00ff HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + token + "\r\n\r\n",
        "GET /api/v1/\u00c3\u0028 HTTP/1.1\r\nHost: x\r\n\r\n",
        "GET /api/v1 HTTP/2.0\r\nHost: x\r\n\r\n",
        "GET /api/v1 HTTP/9.9\r\nHost: x\r\n\r\n",
        "GET /api/v1\r\n\r\n",
        "GET\r\n\r\n",
        " / HTTP/1.1\r\n\r\n",
        "GET /api/v1 HTTP/1.1\nHost: x\n\n",
        "GET /api/v1 HTTP/1.1\r\nHost x\r\n\r\n",
        "GET /api/v1 HTTP/1.1\r\n: empty-name\r\n\r\n",
        "GET /api/v1 HTTP/1.1\r\nHo st: x\r\n\r\n",
        "GET /api/v1 HTTP/1.1\r\nHost: x\r\n folded: continuation\r\n\r\n",
        "GET /api/v1 HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n",
        "POST " + login + " HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: -1\r\n\r\n{}",
        "POST " + login + " HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 99999999999999999999\r\n\r\n{}",
        "POST " + login + " HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\n{}",
        "POST " + login + " HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
        "POST " + login + " HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: gzip, chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n",
        "POST " + login + " HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: identity\r\n\r\n{}",
        "POST " + login + " HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Encoding: gzip\r\nContent-Length: 2\r\n\r\n{}",
        "POST " + login + " HTTP/1.1\r\nHost: x\r\nContent-Type: application/json; charset=koi8-r\r\nContent-Length: 2\r\n\r\n{}",
        "POST " + login + " HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nExpect: 200-ok\r\nContent-Length: 2\r\n\r\n{}",
        "POST /api/v1/clips HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + token + "\r\nContent-Type: video/mp4\r\nContent-Length: abc\r\n\r\n",
        "POST /api/v1/clips HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + token + "\r\nContent-Type: video/mp4\r\nContent-Length: 99999999999999\r\n\r\n",
        "POST /api/v1/clips HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + token + "\r\nContent-Type: video/mp4\r\nContent-Length: 0\r\n\r\n",
        "POST /api/v1/clips?fileName=%00 HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + token + "\r\nContent-Type: text/plain\r\nContent-Length: 1\r\n\r\nx",
        "GET /api/v1/events HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer \r\nLast-Event-ID: \u0000\r\n\r\n",
        "GET /" + "a".repeat(9000) + " HTTP/1.1\r\nHost: x\r\n\r\n",
        "GET /api/v1 HTTP/1.1\r\nHost: x\r\nX-Big: " + "b".repeat(9000) + "\r\n\r\n",
        "GET /api/v1 HTTP/1.1\r\n" + "X-Many: 1\r\n".repeat(2000) + "\r\n",
        "\u0016\u0003\u0001\u0000\u00a5\u0001\u0000\u0000\u00a1\u0003\u0003\r\n\r\n",
        "CONNECT 127.0.0.1:22 HTTP/1.1\r\nHost: 127.0.0.1:22\r\n\r\n",
        "GET * HTTP/1.1\r\nHost: x\r\n\r\n",
        "OPTIONS * HTTP/1.1\r\nHost: x\r\n\r\n",
        "GET /api/v1/me HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + token + "\r\nAuthorization: Bearer x\r\n\r\n",
        "GET /api/v1/publications?cursor=%E0%A4%A HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + token + "\r\n\r\n",
        "GET /api/v1/publications/%ZZ HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + token + "\r\n\r\n",
        "GET /api/v1/publications/%C0%AF HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + token + "\r\n\r\n",
        "GET /feeds/%00%00%00%00%00%00%00%00%00%00%00%00%00%00%00%00.xml HTTP/1.1\r\nHost: x\r\n\r\n",
        "GET /media/x?exp=99999999999999999999999&sig=%00 HTTP/1.1\r\nHost: x\r\n\r\n",
        "DELETE /api/v1/connections/%00 HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + token + "\r\n\r\n",
    };
    List<Case> out = new ArrayList<>();
    for (int i = 0; i < raws.length; i++) {
      String raw = raws[i];
      out.add(new Case("raw #" + i + " " + raw.substring(0, Math.min(40, raw.length())).replaceAll("[\\x00-\\x1f]", "·"), null, null, Map.of(),
          null, false, raw.getBytes(StandardCharsets.ISO_8859_1)));
    }
    // broken framing: the server cannot tell where this request ends, so closing the connection without an answer is
    // as right as a 400 (it must not hang on to it, nor answer 5xx)
    String[] framing = {"GET /api/v1 HTTP/1.1\rHost: x\r\r",
        "POST " + login + " HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n",
        "POST " + login + " HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nFFFFFFFFFFFFFFFFFF\r\n{}\r\n0\r\n\r\n",
        "POST " + login + " HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 10\r\n\r\n{}"};
    for (String raw : framing) {
      out.add(new Case("framing " + raw.substring(0, Math.min(40, raw.length())).replaceAll("[\\x00-\\x1f]", "·"), null, null, Map.of(),
          null, false, raw.getBytes(StandardCharsets.ISO_8859_1)));
    }
    // invalid UTF-8 as raw bytes in the path, query and a header
    byte[][] raw8 = {bytes("GET /api/v1/", new byte[] {(byte) 0xC3, 0x28}, " HTTP/1.1\r\nHost: x\r\n\r\n"),
        bytes("GET /api/v1/publications?status=", new byte[] {(byte) 0xFF}, " HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + token + "\r\n\r\n"),
        bytes("GET /api/v1/me HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ", new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, "\r\n\r\n"),
        bytes("POST " + login + " HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 14\r\n\r\n{\"email\":\"",
            new byte[] {(byte) 0xC0, (byte) 0x80}, "\"}")};
    for (byte[] b : raw8) out.add(new Case("raw invalid utf-8", null, null, Map.of(), null, false, b));
    return out;
  }

  private static byte[] bytes(String a, byte[] mid, String b) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(a.getBytes(StandardCharsets.ISO_8859_1));
    out.writeBytes(mid);
    out.writeBytes(b.getBytes(StandardCharsets.ISO_8859_1));
    return out.toByteArray();
  }

  private static String show(Object v) {
    String s = String.valueOf(v).replaceAll("[\\x00-\\x1f\\x7f]", "·");
    return s.substring(0, Math.min(20, s.length()));
  }

  private record Answer(int status, String contentType, String body) {}

  private static Answer send(Case c) throws Exception {
    if (c.raw() != null) return sendRaw(c.raw());
    HttpRequest.Builder b;
    try {
      b = HttpRequest.newBuilder(URI.create(api.base + c.path()));
    } catch (IllegalArgumentException e) {
      return sendRaw(rawOf(c)); // a path the client refuses to build is sent on a socket as it is
    }
    b.timeout(Duration.ofSeconds(20)).method(c.method(), c.body() == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(c.body()));
    try {
      if (c.auth()) b.header("Authorization", "Bearer " + w.user().token());
      c.headers().forEach(b::header);
    } catch (IllegalArgumentException e) {
      return sendRaw(rawOf(c)); // a header value the client refuses (control characters): on a socket
    }
    HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    return new Answer(r.statusCode(), r.headers().firstValue("Content-Type").orElse(""), r.body());
  }

  private static byte[] rawOf(Case c) {
    StringBuilder s = new StringBuilder(c.method()).append(' ').append(c.path()).append(" HTTP/1.1\r\nHost: x\r\nConnection: close\r\n");
    if (c.auth()) s.append("Authorization: Bearer ").append(w.user().token()).append("\r\n");
    c.headers().forEach((k, v) -> s.append(k).append(": ").append(v).append("\r\n"));
    byte[] body = c.body() == null ? new byte[0] : c.body();
    s.append("Content-Length: ").append(body.length).append("\r\n\r\n");
    return bytes(s.toString(), body, "");
  }

  /** Sends bytes and reads the first complete answer (status -1 when the connection closes without one). */
  private static Answer sendRaw(byte[] request) throws Exception {
    int port = Integer.parseInt(api.base.substring(api.base.lastIndexOf(':') + 1));
    try (Socket s = new Socket("127.0.0.1", port)) {
      s.setSoTimeout(15_000);
      OutputStream out = s.getOutputStream();
      out.write(request);
      out.flush();
      InputStream in = s.getInputStream();
      ByteArrayOutputStream got = new ByteArrayOutputStream();
      byte[] buf = new byte[8192];
      int n;
      try {
        while ((n = in.read(buf)) > 0) {
          got.write(buf, 0, n);
          Answer a = complete(got.toString(StandardCharsets.UTF_8), false);
          if (a != null) return a;
        }
      } catch (java.net.SocketException reset) {
        // closed by the server
      } catch (java.net.SocketTimeoutException held) {
        return new Answer(-2, "", "still open after 15 s without an answer: " + got);
      }
      Answer a = complete(got.toString(StandardCharsets.UTF_8), true);
      return a != null ? a : new Answer(-1, "", got.toString(StandardCharsets.UTF_8));
    }
  }

  /** The first final answer in {@code text} once all of it has arrived (skipping a 100 Continue), else null. */
  private static Answer complete(String text, boolean closed) {
    int at = text.startsWith("HTTP/1.1 100") ? text.indexOf("HTTP/1.", 5) : 0;
    if (at < 0 || !text.startsWith("HTTP/", at)) return null;
    text = text.substring(at);
    int headEnd = text.indexOf("\r\n\r\n");
    if (headEnd < 0) return closed ? new Answer(Integer.parseInt(text.substring(9, 12)), "", "") : null;
    String head = text.substring(0, headEnd);
    int status = Integer.parseInt(text.substring(9, 12));
    String type = header(head, "content-type");
    String rest = text.substring(headEnd + 4);
    String length = header(head, "content-length");
    if (!length.isEmpty()) {
      int len = Integer.parseInt(length);
      return rest.getBytes(StandardCharsets.UTF_8).length < len ? null
          : new Answer(status, type, new String(java.util.Arrays.copyOf(rest.getBytes(StandardCharsets.UTF_8), len), StandardCharsets.UTF_8));
    }
    if (header(head, "transfer-encoding").equalsIgnoreCase("chunked")) {
      return rest.contains("\r\n0\r\n\r\n") || rest.startsWith("0\r\n\r\n") ? new Answer(status, type, dechunk(rest)) : null;
    }
    return closed ? new Answer(status, type, rest) : null; // an answer without a length ends with the connection
  }

  private static String header(String head, String name) {
    return head.lines().filter(l -> l.toLowerCase().startsWith(name + ":")).map(l -> l.substring(name.length() + 1).trim()).findFirst().orElse("");
  }

  private static String dechunk(String chunked) {
    StringBuilder out = new StringBuilder();
    int i = 0;
    while (i < chunked.length()) {
      int eol = chunked.indexOf("\r\n", i);
      if (eol < 0) break;
      int size = Integer.parseInt(chunked.substring(i, eol).trim(), 16);
      if (size == 0) break;
      out.append(chunked, eol + 2, eol + 2 + size);
      i = eol + 2 + size + 2;
    }
    return out.toString();
  }

  @Test
  void everyBadRequestGetsA4xxInTheErrorModelAndWritesNothing() throws Exception {
    String[] tables = {"users", "publications", "publication_events", "api_keys", "clips", "platform_connections", "oauth_states",
        "idempotency_keys"};
    Map<String, Long> before = new LinkedHashMap<>();
    for (String t : tables) before.put(t, api.count("SELECT count(*) FROM " + t));
    List<Case> cases = corpus();
    List<String> problems = new ArrayList<>();
    int raw = 0;
    int fiveXx = 0;
    for (Case c : cases) {
      if (c.raw() != null) raw++;
      Answer r = send(c);
      String where = c.name() + (c.raw() == null ? " " + c.method() + " " + c.path().substring(0, Math.min(60, c.path().length())) : "");
      if (r.status() >= 500) fiveXx++;
      if (r.status() == -1 && c.name().startsWith("framing ")) continue; // closed without an answer: allowed there
      if (r.status() < 400 || r.status() >= 500) {
        problems.add(where + " -> " + r.status() + " " + r.body().substring(0, Math.min(200, r.body().length())));
        continue;
      }
      if (!r.contentType().startsWith("application/json")) {
        problems.add(where + " -> " + r.status() + " with Content-Type '" + r.contentType() + "': " + r.body().substring(0, Math.min(100, r.body().length())));
        continue;
      }
      JsonObject error;
      try {
        error = new JsonObject(r.body()).getJsonObject("error");
      } catch (RuntimeException e) {
        problems.add(where + " -> body not JSON: " + r.body().substring(0, Math.min(100, r.body().length())));
        continue;
      }
      if (error == null || error.getString("code") == null || error.getString("message") == null || error.getString("message").isBlank()) {
        problems.add(where + " -> not the error model: " + r.body());
      }
    }
    System.out.printf("bad input corpus: %d cases (%d raw-socket), %d answered 5xx, %d problems%n", cases.size(), raw, fiveXx, problems.size());
    problems.stream().limit(60).forEach(p -> System.out.println("  " + p));
    assertTrue(cases.size() >= 2000, "corpus has " + cases.size() + " cases");
    assertEquals(List.of(), problems);
    for (String t : tables) assertEquals(before.get(t), api.count("SELECT count(*) FROM " + t), "no row written in " + t);
  }

  @Test
  void unicodeEmojiAndRtlCaptionsAreFine() {
    ApiFixture.Response r = api.json("POST", "/api/v1/publications", w.user().token(), new JsonObject().put("clipId", w.clip())
        .put("targets", new JsonArray().add(new JsonObject().put("connectionId", w.telegram()).put("caption", "مرحبا 👋🏽 Привет \u202Etxt"))));
    assertEquals(201, r.status(), r.body());
    assertEquals("مرحبا 👋🏽 Привет \u202Etxt", r.json().getJsonArray("items").getJsonObject(0).getString("caption"));
  }
}
