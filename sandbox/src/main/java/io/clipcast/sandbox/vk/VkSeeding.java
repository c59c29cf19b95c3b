package io.clipcast.sandbox.vk;

import io.clipcast.sandbox.kit.oauth.OAuthParams;
import io.clipcast.sandbox.kit.oauth.TokenBook;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

import java.util.Set;

/** Seeding for tests and dev under {@code /vk/_sandbox} (docs/platforms/vk.md, "Sandbox control routes"). */
record VkSeeding(VkUsers users, VkTokens tokens) {
  void mount(Router router) {
    BodyHandler json = BodyHandler.create().setBodyLimit(64 * 1024);
    router.post("/vk/_sandbox/users").handler(json).handler(ctx -> {
      JsonObject b = OAuthParams.jsonBody(ctx);
      if (b == null || b.getLong("id") == null) {
        bad(ctx, "need {\"id\": <user id>, \"firstName\", \"lastName\", \"avatar\"}");
        return;
      }
      ctx.response().setStatusCode(201);
      ctx.json(users.put(VkUsers.parse(b)).toJson());
    });
    router.post("/vk/_sandbox/groups").handler(json).handler(ctx -> {
      JsonObject b = OAuthParams.jsonBody(ctx);
      if (b == null || b.getLong("id") == null || b.getLong("id") <= 0) {
        bad(ctx, "need {\"id\": <positive group id>, \"name\", \"admins\": [user ids]}");
        return;
      }
      VkUsers.Group g = users.putGroup(b);
      ctx.response().setStatusCode(201);
      ctx.json(new JsonObject().put("id", g.id()).put("name", g.name()));
    });
    router.post("/vk/_sandbox/tokens").handler(json).handler(ctx -> {
      JsonObject b = OAuthParams.jsonBody(ctx);
      if (b == null) b = new JsonObject();
      long userId = b.getLong("userId", VkUsers.DEFAULT_USER.id());
      if (users.user(userId).isEmpty()) users.put(VkUsers.parse(new JsonObject().put("id", userId)));
      String scope = b.getString("scope", "vkid.personal_info wall video");
      String deviceId = b.getString("deviceId", VkTokens.random(24));
      TokenBook.Pair<Long> p = tokens.book.issue(userId, b.getString("clientId", "51000001"), deviceId, Set.copyOf(VkIdServer.scopes(scope)));
      ctx.response().setStatusCode(201);
      ctx.json(new JsonObject().put("access_token", p.access().token()).put("refresh_token", p.refresh().token())
          .put("expires_in", tokens.accessTtlSeconds).put("user_id", userId).put("device_id", deviceId).put("scope", scope));
    });
  }

  private static void bad(RoutingContext ctx, String message) {
    ctx.response().setStatusCode(400);
    ctx.json(new JsonObject().put("error", message));
  }
}
