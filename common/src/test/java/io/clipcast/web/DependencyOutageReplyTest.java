package io.clipcast.web;

import io.clipcast.testing.TestServices;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A handler that fails because Postgres or Redis is out of reach answers 503 with Retry-After and a "send it again"
 * message; any other crash stays a 500. (The chaos soak, ShortSoakTest, checks the same with Postgres really stopped.)
 */
class DependencyOutageReplyTest {
  private static Vertx vertx;
  private static HttpServer server;
  private static final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    Router router = Router.router(vertx);
    router.get("/refused").handler(ctx -> ctx.fail(new ConnectException("Connection refused")));
    router.get("/closed").handler(ctx -> ctx.fail(new IllegalStateException("query failed", ClosedConnectionException.INSTANCE)));
    router.get("/restarting").handler(ctx -> ctx.fail(new PgException("terminating connection due to administrator command", "FATAL", "57P01", null)));
    router.get("/constraint").handler(ctx -> ctx.fail(new PgException("duplicate key value", "ERROR", "23505", null)));
    router.get("/bug").handler(ctx -> ctx.fail(new IllegalStateException("a bug")));
    RouterErrors.install(router);
    server = vertx.createHttpServer().requestHandler(router).listen(TestServices.freePort(), "127.0.0.1").await();
  }

  @AfterAll
  static void stop() {
    vertx.close().await();
  }

  @Test
  void anUnreachableDatabaseOrQueueIsA503WithRetryAfter() throws Exception {
    for (String path : new String[] {"/refused", "/closed", "/restarting"}) {
      HttpResponse<String> r = get(path);
      assertEquals(503, r.statusCode(), path + ": " + r.body());
      assertEquals("5", r.headers().firstValue("Retry-After").orElse(""), path);
      JsonObject error = new JsonObject(r.body()).getJsonObject("error");
      assertEquals("service_unavailable", error.getString("code"), path);
      assertTrue(error.getString("message").contains("Send the request again"), error.getString("message"));
    }
  }

  @Test
  void otherCrashesStayA500() throws Exception {
    for (String path : new String[] {"/constraint", "/bug"}) {
      HttpResponse<String> r = get(path);
      assertEquals(500, r.statusCode(), path + ": " + r.body());
      assertEquals("internal", new JsonObject(r.body()).getJsonObject("error").getString("code"), path);
    }
  }

  private static HttpResponse<String> get(String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.actualPort() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
