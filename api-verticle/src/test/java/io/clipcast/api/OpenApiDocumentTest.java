package io.clipcast.api;

import io.clipcast.db.Migrations;
import io.clipcast.testing.TestServices;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Route;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The served OpenAPI document is valid OpenAPI 3.1 and lists exactly the routes the router has. */
class OpenApiDocumentTest {
  @Test
  void documentMatchesTheRouterAndIsValid() throws Exception {
    Vertx vertx = Vertx.vertx();
    try {
      JsonObject config = TestServices.get().config();
      config.getJsonObject("http").put("port", TestServices.freePort());
      Migrations.migrateBlocking(config.getJsonObject("db"));
      ApiVerticle api = new ApiVerticle();
      vertx.deployVerticle(api, new DeploymentOptions().setConfig(config)).await(60, TimeUnit.SECONDS);

      Set<String> routed = new TreeSet<>();
      for (Route r : api.router().getRoutes()) {
        if (r.getPath() == null || r.methods() == null || r.methods().isEmpty()) continue; // middleware
        String path = r.getPath().replaceAll(":(\\w+)", "{$1}");
        r.methods().forEach(m -> routed.add(m.name().toLowerCase(Locale.ROOT) + " " + path));
      }
      var served = java.net.http.HttpClient.newBuilder().version(java.net.http.HttpClient.Version.HTTP_1_1).build().send(java.net.http.HttpRequest.newBuilder(
          java.net.URI.create("http://127.0.0.1:" + config.getJsonObject("http").getInteger("port") + "/api/v1/openapi.json")).build(),
          java.net.http.HttpResponse.BodyHandlers.ofString());
      assertEquals(200, served.statusCode());
      JsonObject doc = new JsonObject(served.body());
      Set<String> documented = new TreeSet<>();
      doc.getJsonObject("paths").forEach(p -> ((JsonObject) p.getValue()).fieldNames().forEach(m -> documented.add(m + " " + p.getKey())));
      assertEquals(routed, documented, "every route is documented and every documented path is routed");

      SwaggerParseResult parsed = new OpenAPIV3Parser().readContents(served.body(), null, null);
      assertNotNull(parsed.getOpenAPI(), "parsed");
      assertEquals("3.1.0", parsed.getOpenAPI().getOpenapi());
      List<String> messages = parsed.getMessages() == null ? List.of() : parsed.getMessages();
      assertTrue(messages.isEmpty(), "validator messages: " + messages);
      // control: the validator does object to a broken document, so its silence above means something
      SwaggerParseResult broken = new OpenAPIV3Parser().readContents(
          "{\"openapi\":\"3.1.0\",\"info\":{\"title\":\"x\"},\"paths\":{\"/x\":{\"get\":{\"responses\":{\"200\":{}}}}}}", null, null);
      assertTrue(broken.getMessages() != null && !broken.getMessages().isEmpty(), "validator control");
      System.out.printf("openapi: %d operations documented and routed, validator messages: %d%n", routed.size(), messages.size());
    } finally {
      vertx.close().await(30, TimeUnit.SECONDS);
    }
  }
}
