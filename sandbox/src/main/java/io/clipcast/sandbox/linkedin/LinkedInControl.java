package io.clipcast.sandbox.linkedin;

import io.clipcast.sandbox.kit.Control;
import io.clipcast.sandbox.kit.oauth.TokenBook;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

import java.util.List;
import java.util.Set;

/** Control and seeding for tests and dev under {@code /linkedin/_sandbox} (docs/platforms/linkedin.md, "Sandbox control routes"). */
record LinkedInControl(LinkedInDirectory directory, LinkedInTokens tokens, LinkedInSettings settings, LinkedInPosts posts, LinkedInVideos videos) {
  void mount(Router router) {
    Control.settings(router, "/linkedin/_sandbox/settings", settings::apply, settings::toJson);
    Control.post(router, "/linkedin/_sandbox/members", 201, b -> {
      LinkedInDirectory.Member m = directory.putMember(b);
      return new JsonObject().put("id", m.id()).put("urn", m.urn()).put("name", m.name());
    });
    Control.post(router, "/linkedin/_sandbox/organizations", 201, b -> {
      LinkedInDirectory.Organization o = directory.putOrganization(b);
      return new JsonObject().put("id", o.id()).put("urn", o.urn()).put("name", o.name());
    });
    Control.post(router, "/linkedin/_sandbox/apps", 201, b -> {
      LinkedInDirectory.App a = directory.putApp(b);
      return new JsonObject().put("clientId", a.clientId()).put("programmaticRefresh", a.programmaticRefresh());
    });
    router.post("/linkedin/_sandbox/apps/:clientId/products").handler(BodyHandler.create().setBodyLimit(16 * 1024)).handler(this::products);
    router.get("/linkedin/_sandbox/videos/:urn").handler(ctx -> {
      LinkedInVideos.Video v = videos.byUrn(ctx.pathParam("urn")).orElse(null);
      if (v == null) ctx.response().setStatusCode(404).end();
      else ctx.json(v.toJson());
    });
    Control.post(router, "/linkedin/_sandbox/tokens", 201, this::token);
    Control.post(router, "/linkedin/_sandbox/social", 200, b -> {
      LinkedInPosts.Post p = posts.byUrn(b.getString("post")).orElseThrow(() -> new IllegalArgumentException("no post " + b.getString("post")));
      if (b.getLong("likes") != null) p.fixed().likes = b.getLong("likes");
      if (b.getLong("comments") != null) p.fixed().comments = b.getLong("comments");
      return new JsonObject().put("post", p.urn()).put("likes", p.likes()).put("comments", p.comments());
    });
  }

  /** Sets an app's products, as the Developer Portal's Products tab does; 409 when LinkedIn's portal would refuse them together. */
  private void products(RoutingContext ctx) {
    try {
      JsonObject b = ctx.body().length() == 0 ? new JsonObject() : ctx.body().asJsonObject();
      JsonArray products = b == null ? null : b.getJsonArray("products");
      if (products == null) throw new IllegalArgumentException("need products: a list of LinkedIn product names");
      LinkedInDirectory.App a = directory.setProducts(ctx.pathParam("clientId"), products.stream().map(String::valueOf).toList());
      ctx.json(new JsonObject().put("clientId", a.clientId()).put("products", new JsonArray(List.copyOf(a.products())))
          .put("scopes", new JsonArray(List.copyOf(a.scopes()))));
    } catch (LinkedInProducts.Refused e) {
      ctx.response().setStatusCode(409);
      ctx.json(new JsonObject().put("error", e.getMessage()));
    } catch (RuntimeException e) {
      Control.error(ctx, String.valueOf(e.getMessage()));
    }
  }

  private JsonObject token(JsonObject b) {
    String memberId = b.getString("memberId", LinkedInDirectory.DEFAULT_MEMBER.id());
    if (directory.member(memberId).isEmpty()) directory.putMember(new JsonObject().put("id", memberId));
    LinkedInDirectory.App app = directory.app(b.getString("clientId", LinkedInDirectory.DEFAULT_APP.clientId()))
        .orElseThrow(() -> new IllegalArgumentException("no app " + b.getString("clientId")));
    Set<String> scopes = b.getString("scope") == null ? app.scopes() : LinkedInOAuthServer.scopes(b.getString("scope"));
    if (!app.scopes().containsAll(scopes)) {
      throw new IllegalArgumentException("app " + app.clientId() + " has products " + app.products() + ", which grant only " + app.scopes());
    }
    TokenBook.Pair<String> t = tokens.issue(memberId, app.clientId(), scopes, app.programmaticRefresh());
    JsonObject out = new JsonObject().put("access_token", t.access().token()).put("expires_in", settings.accessTokenTtlSeconds)
        .put("scope", String.join(",", t.access().scopes())).put("memberId", memberId);
    if (t.refresh() != null) out.put("refresh_token", t.refresh().token()).put("refresh_token_expires_in", settings.refreshTokenTtlSeconds);
    return out;
  }
}
