package io.clipcast.sandbox.linkedin;

import io.clipcast.sandbox.kit.Control;
import io.clipcast.sandbox.kit.oauth.TokenBook;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;

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

  private JsonObject token(JsonObject b) {
    String memberId = b.getString("memberId", LinkedInDirectory.DEFAULT_MEMBER.id());
    if (directory.member(memberId).isEmpty()) directory.putMember(new JsonObject().put("id", memberId));
    LinkedInDirectory.App app = directory.app(b.getString("clientId", LinkedInDirectory.DEFAULT_APP.clientId()))
        .orElseThrow(() -> new IllegalArgumentException("no app " + b.getString("clientId")));
    String scope = b.getString("scope", "openid profile email w_member_social w_organization_social r_organization_social rw_organization_admin");
    TokenBook.Pair<String> t = tokens.issue(memberId, app.clientId(), LinkedInOAuthServer.scopes(scope), app.programmaticRefresh());
    JsonObject out = new JsonObject().put("access_token", t.access().token()).put("expires_in", settings.accessTokenTtlSeconds)
        .put("scope", String.join(",", t.access().scopes())).put("memberId", memberId);
    if (t.refresh() != null) out.put("refresh_token", t.refresh().token()).put("refresh_token_expires_in", settings.refreshTokenTtlSeconds);
    return out;
  }
}
