package io.clipcast.sandbox.rutube;

import io.clipcast.sandbox.kit.CallFaults;
import io.clipcast.sandbox.kit.Control;
import io.clipcast.sandbox.kit.Fault;
import io.clipcast.sandbox.kit.SandboxKit;
import io.clipcast.sandbox.kit.Simulator;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Rutube API of docs/platforms/rutube.md under {@code /rutube/api/…} ({@code platformApis.rutube.api} = {@code https://rutube.ru},
 * so the real paths follow: {@code /rutube/api/api/video/}): {@code token_auth}, the profile token check, upload by URL
 * ({@code POST /api/video/}: the simulator pulls the file), status polling and stats ({@code GET /api/video/<id>/}), a
 * user's videos ({@code GET /api/video/person/<id>/}) and categories. Trailing slashes matter: a known path without one
 * is a 301 to the slashed path, as Django's APPEND_SLASH does; a method a path does not take is a 405.
 * Control routes and faults: docs/platforms/rutube.md, "Sandbox control routes".
 */
public final class RutubeSimulator implements Simulator {
  private static final String API = "/rutube/api";
  private static final Pattern VIDEO = Pattern.compile("^/api/video/([0-9a-f]{32})/$");
  private static final Pattern PERSON = Pattern.compile("^/api/video/person/(\\d{1,18})/$");
  private static final Pattern CHANNEL = Pattern.compile("^/api/profile/user/(\\d{1,18})/$");

  /** One API path: its fault operation name, the methods it takes, and what answers it. */
  private record Endpoint(String operation, Set<HttpMethod> methods, Consumer<DrfReply> handler) {}

  private SandboxKit kit;
  private RutubeEndpoints endpoints;

  @Override
  public String id() {
    return "rutube";
  }

  @Override
  public void mount(Router router, SandboxKit kit) {
    this.kit = kit;
    RutubeSettings settings = new RutubeSettings();
    RutubeAccounts accounts = new RutubeAccounts();
    this.endpoints = new RutubeEndpoints(accounts, new RutubeVideos(kit, settings), settings);
    router.post("/rutube/_sandbox/accounts").handler(BodyHandler.create(false)).handler(ctx -> {
      JsonObject b = ctx.body().asJsonObject();
      if (b == null || b.getString("login") == null || b.getString("password") == null || !(b.getValue("userId") instanceof Number)) {
        ctx.response().setStatusCode(400).putHeader("Content-Type", "application/json")
            .end(new JsonObject().put("error", "need {login, password, userId, name?, avatar?}").encode());
        return;
      }
      ctx.response().setStatusCode(201).putHeader("Content-Type", "application/json")
          .end(new JsonObject().put("token", accounts.seed(b)).put("userId", b.getLong("userId")).encode());
    });
    Control.settings(router, "/rutube/_sandbox/settings", settings::update, settings::toJson);
    router.route(API + "/*").handler(BodyHandler.create(false).setBodyLimit(1024 * 1024)).handler(this::api);
  }

  private void api(RoutingContext ctx) {
    String path = ctx.request().path().substring(API.length());
    Endpoint endpoint = resolve(path);
    if (endpoint == null) {
      if (!path.endsWith("/") && resolve(path + "/") != null) {
        String query = ctx.request().query();
        ctx.response().setStatusCode(301).putHeader("Location", API + path + "/" + (query == null ? "" : "?" + query)).end();
      } else {
        new DrfReply(ctx, null).noSuchPath();
      }
      return;
    }
    if (!endpoint.methods().contains(ctx.request().method())) {
      new DrfReply(ctx, null).methodNotAllowed();
      return;
    }
    CallFaults.run(kit, "rutube", endpoint.operation(), ctx, DrfReply::new, (f, reply) -> refuse(f, reply, endpoint), endpoint.handler());
  }

  private Endpoint resolve(String path) {
    Set<HttpMethod> get = Set.of(HttpMethod.GET);
    switch (path) {
      case "/api/accounts/token_auth/":
        return new Endpoint("token_auth", Set.of(HttpMethod.POST, HttpMethod.PUT), endpoints::tokenAuth);
      case "/api/accounts/profile/", "/api/profile/user/":
        return new Endpoint("profile", get, endpoints::profile);
      case "/api/video/":
        return new Endpoint("video.create", Set.of(HttpMethod.POST), endpoints::create);
      case "/api/video/person/":
        return new Endpoint("video.own", get, endpoints::own);
      case "/api/video/category/":
        return new Endpoint("video.category", get, endpoints::categories);
      default:
        break;
    }
    Matcher m;
    if ((m = VIDEO.matcher(path)).matches()) {
      String id = m.group(1);
      return new Endpoint("video.get", get, ctx -> endpoints.video(ctx, id));
    }
    if ((m = PERSON.matcher(path)).matches()) {
      long user = Long.parseLong(m.group(1));
      return new Endpoint("video.person", get, ctx -> endpoints.person(ctx, user));
    }
    if ((m = CHANNEL.matcher(path)).matches()) {
      long user = Long.parseLong(m.group(1));
      return new Endpoint("channel.card", get, ctx -> endpoints.channel(ctx, user));
    }
    return null;
  }

  /** The faults answered in DRF's shapes instead of the work; the rest run the work ({@code processing_failure} fails the conversion). */
  private static boolean refuse(Fault f, DrfReply reply, Endpoint endpoint) {
    switch (f.kind()) {
      case "http_error" -> {
        if (f.status() >= 500) reply.serverError(f.status());
        else reply.detail(f.status(), switch (f.status()) {
          case 400 -> "Malformed request.";
          case 403 -> "You do not have permission to perform this action.";
          case 404 -> "Not found.";
          default -> "Request failed.";
        });
      }
      case "rate_limit" -> reply.throttled(f.retryAfterSeconds());
      case "token_expired" -> {
        if (endpoint.operation().equals("token_auth")) {
          reply.fieldErrors(java.util.Map.of("non_field_errors", java.util.List.of("Unable to log in with provided credentials.")));
        } else {
          reply.unauthorized("Invalid token.");
        }
      }
      default -> {
        return false;   // lost_response and processing_failure act inside the work; slow: only the pull has a body worth slowing
      }
    }
    return true;
  }
}
