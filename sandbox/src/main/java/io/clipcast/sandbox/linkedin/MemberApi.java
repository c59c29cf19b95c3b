package io.clipcast.sandbox.linkedin;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.util.Locale;

/**
 * Who the token's member is and what they administer: {@code GET /linkedin/api/v2/userinfo} (OpenID Connect, scope
 * {@code openid}: {@code sub} is the person id), {@code GET /linkedin/api/v2/me} (Profile API, {@code r_basicprofile}:
 * {@code id}, the Page app's way) and {@code GET /linkedin/api/rest/organizationAcls?q=roleAssignee}
 * (scope {@code rw_organization_admin}: the Pages the member administers, {@code role=ADMINISTRATOR},
 * {@code state=APPROVED}) and {@code GET /linkedin/api/rest/organizations/{id}} (a Page's {@code localizedName} and
 * {@code vanityName}).
 */
record MemberApi(RestGate gate, LinkedInDirectory directory) {
  void mount(Router router) {
    router.get("/linkedin/api/v2/userinfo").handler(ctx -> gate.plain(ctx, "userinfo", this::userInfo));
    router.get("/linkedin/api/v2/me").handler(ctx -> gate.plain(ctx, "me", this::me));
    router.get("/linkedin/api/rest/organizationAcls").handler(ctx -> gate.rest(ctx, "organizationAcls", (c, r) -> acls(ctx, c, r)));
    router.get("/linkedin/api/rest/organizations/:id").handler(ctx -> gate.rest(ctx, "organizations.get", (c, r) -> organization(ctx, c, r)));
  }

  private void organization(RoutingContext ctx, RestGate.Caller caller, Reply reply) {
    if (!caller.has("rw_organization_admin")) {
      reply.error(403, "ACCESS_DENIED", 100, "Not enough permissions to access: organizations.GET (scope rw_organization_admin not granted)");
      return;
    }
    long id;
    try {
      id = Long.parseLong(ctx.pathParam("id"));
    } catch (NumberFormatException e) {
      reply.error(400, "ILLEGAL_ARGUMENT", null, "The organization id must be a number");
      return;
    }
    LinkedInDirectory.Organization o = directory.organization(id).orElse(null);
    if (o == null) {
      reply.error(404, "NOT_FOUND", null, "Organization " + id + " not found");
      return;
    }
    reply.json(200, new JsonObject().put("id", o.id()).put("$URN", o.urn()).put("localizedName", o.name())
        .put("vanityName", o.name().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-")));
  }

  /** The Profile API's current member ({@code r_basicprofile} or {@code r_liteprofile}): how a Community Management app, which cannot have openid, learns who signed in. */
  private void me(RestGate.Caller caller, Reply reply) {
    if (!caller.has("r_basicprofile") && !caller.has("r_liteprofile")) {
      reply.error(403, "ACCESS_DENIED", 100, "Not enough permissions to access: me.GET.NO_VERSION");
      return;
    }
    LinkedInDirectory.Member m = caller.member();
    JsonObject out = new JsonObject().put("id", m.id()).put("localizedFirstName", m.givenName()).put("localizedLastName", m.familyName());
    if (caller.has("r_basicprofile")) out.put("vanityName", m.id().toLowerCase(Locale.ROOT));
    reply.json(200, out);
  }

  private void userInfo(RestGate.Caller caller, Reply reply) {
    if (!caller.has("openid")) {
      reply.error(403, "ACCESS_DENIED", 100, "Not enough permissions to access: userinfo.GET.NO_VERSION (scope openid not granted)");
      return;
    }
    LinkedInDirectory.Member m = caller.member();
    JsonObject out = new JsonObject().put("sub", m.id());
    if (caller.has("profile")) {
      out.put("name", m.name()).put("given_name", m.givenName()).put("family_name", m.familyName()).put("picture", m.picture())
          .put("locale", new JsonObject().put("country", "US").put("language", "en"));
    }
    if (caller.has("email")) out.put("email", m.email()).put("email_verified", true);
    reply.json(200, out);
  }

  private void acls(RoutingContext ctx, RestGate.Caller caller, Reply reply) {
    if (!"roleAssignee".equals(ctx.request().getParam("q"))) {
      reply.error(400, "ILLEGAL_ARGUMENT", null, "Unsupported finder: use q=roleAssignee");
      return;
    }
    if (!caller.has("rw_organization_admin")) {
      reply.error(403, "ACCESS_DENIED", 100, "Not enough permissions to access: organizationAcls.FINDER-roleAssignee (scope rw_organization_admin not granted)");
      return;
    }
    String role = ctx.request().getParam("role");
    String state = ctx.request().getParam("state");
    JsonArray elements = new JsonArray();
    if ((role == null || role.equals("ADMINISTRATOR")) && (state == null || state.equals("APPROVED"))) {
      directory.administeredBy(caller.member().id()).forEach(o -> elements.add(new JsonObject().put("roleAssignee", caller.member().urn())
          .put("role", "ADMINISTRATOR").put("organization", o.urn()).put("state", "APPROVED")));
    }
    reply.json(200, new JsonObject().put("elements", elements)
        .put("paging", new JsonObject().put("start", 0).put("count", elements.size()).put("total", elements.size()).put("links", new JsonArray())));
  }
}
