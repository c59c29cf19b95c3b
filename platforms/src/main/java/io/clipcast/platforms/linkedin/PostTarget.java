package io.clipcast.platforms.linkedin;

import io.clipcast.platforms.PlatformFailure;
import io.clipcast.platforms.PublishContext;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.Set;

/**
 * Whom a post is published as and to whom it is shown, from the target's options (first) or the connection's metadata:
 * {@code organization} — a Page id ({@code 12345} or {@code urn:li:organization:12345}) the member administers (the
 * connection's {@code organizations} list offers them), else the member themself; {@code visibility} — {@code PUBLIC}
 * (default), {@code CONNECTIONS} (members only) or {@code LOGGED_IN}.
 * Posting as a Page needs {@code w_organization_social}, which only the Page app's connections hold; posting as the
 * member needs {@code w_member_social}, which only the member app's hold (docs/platforms/linkedin.md, "Registering the
 * app"): a post the connection cannot make is refused here, with what to connect instead, before anything is uploaded.
 */
record PostTarget(String author, String visibility) {
  private static final Set<String> VISIBILITIES = Set.of("PUBLIC", "CONNECTIONS", "LOGGED_IN");

  static PostTarget of(PublishContext ctx) {
    JsonObject meta = ctx.account().metadata() == null ? new JsonObject() : ctx.account().metadata();
    Object org = ctx.options().getValue("organization");
    if (org == null) org = meta.getValue("organization");
    boolean asPage = org != null && !org.toString().isBlank();
    List<String> scopes = ctx.account().scopes();
    if (asPage && scopes != null && !scopes.contains("w_organization_social")) {
      throw PlatformFailure.permanent(null, "This LinkedIn connection can post only as you: posting as a Page needs a connection made "
          + "with this server's LinkedIn Page app (connect LinkedIn again with app \"page\"). See docs/platforms/linkedin.md.");
    }
    if (!asPage && scopes != null && !scopes.contains("w_member_social")) {
      throw PlatformFailure.permanent(null, LinkedInApp.PAGE.equals(meta.getString("app"))
          ? "This LinkedIn connection posts as a Page, not as you: set the target option organization to one of its Pages"
              + pageIds(meta) + ", or connect LinkedIn with the member app to post as yourself."
          : "LinkedIn did not grant this connection w_member_social (Share on LinkedIn), so it cannot post as you; see "
              + "docs/platforms/linkedin.md.");
    }
    String author = asPage ? organization(org.toString()) : "urn:li:person:" + ctx.account().externalAccountId();
    Object v = ctx.options().getValue("visibility");
    String visibility = v == null ? "PUBLIC" : v.toString().trim().toUpperCase(java.util.Locale.ROOT);
    if (!VISIBILITIES.contains(visibility)) {
      throw PlatformFailure.permanent(null, "LinkedIn visibility '" + v + "' is not one of PUBLIC, CONNECTIONS, LOGGED_IN.");
    }
    if (visibility.equals("CONNECTIONS") && author.startsWith("urn:li:organization:")) {
      throw PlatformFailure.permanent(null, "A LinkedIn Page has no connections: post as the Page with PUBLIC or LOGGED_IN visibility.");
    }
    return new PostTarget(author, visibility);
  }

  private static String pageIds(JsonObject meta) {
    JsonArray orgs = meta.getJsonArray("organizations", new JsonArray());
    List<String> ids = orgs.stream().filter(o -> o instanceof JsonObject).map(o -> ((JsonObject) o).getString("id"))
        .filter(java.util.Objects::nonNull).toList();
    return ids.isEmpty() ? "" : " (" + String.join(", ", ids) + ")";
  }

  private static String organization(String value) {
    String id = value.trim().startsWith("urn:li:organization:") ? value.trim().substring("urn:li:organization:".length()) : value.trim();
    if (!id.matches("[1-9]\\d{0,18}")) {
      throw PlatformFailure.permanent(null, "The LinkedIn Page '" + value + "' is not a Page id (a number or urn:li:organization:<number>).");
    }
    return "urn:li:organization:" + id;
  }
}
