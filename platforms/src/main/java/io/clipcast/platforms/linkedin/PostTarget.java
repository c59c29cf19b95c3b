package io.clipcast.platforms.linkedin;

import io.clipcast.platforms.PlatformFailure;
import io.clipcast.platforms.PublishContext;
import io.vertx.core.json.JsonObject;

import java.util.Set;

/**
 * Whom a post is published as and to whom it is shown, from the target's options (first) or the connection's metadata:
 * {@code organization} — a Page id ({@code 12345} or {@code urn:li:organization:12345}) the member administers (the
 * connection's {@code organizations} list offers them), else the member themself; {@code visibility} — {@code PUBLIC}
 * (default), {@code CONNECTIONS} (members only) or {@code LOGGED_IN}.
 */
record PostTarget(String author, String visibility) {
  private static final Set<String> VISIBILITIES = Set.of("PUBLIC", "CONNECTIONS", "LOGGED_IN");

  static PostTarget of(PublishContext ctx) {
    JsonObject meta = ctx.account().metadata() == null ? new JsonObject() : ctx.account().metadata();
    Object org = ctx.options().getValue("organization");
    if (org == null) org = meta.getValue("organization");
    String author = org == null || org.toString().isBlank() ? "urn:li:person:" + ctx.account().externalAccountId() : organization(org.toString());
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

  private static String organization(String value) {
    String id = value.trim().startsWith("urn:li:organization:") ? value.trim().substring("urn:li:organization:".length()) : value.trim();
    if (!id.matches("[1-9]\\d{0,18}")) {
      throw PlatformFailure.permanent(null, "The LinkedIn Page '" + value + "' is not a Page id (a number or urn:li:organization:<number>).");
    }
    return "urn:li:organization:" + id;
  }
}
