package io.clipcast.sandbox.linkedin;

import java.util.Collection;
import java.util.Comparator;

import static io.clipcast.sandbox.kit.oauth.OAuthParams.esc;
import static io.clipcast.sandbox.kit.oauth.OAuthParams.hidden;

/** The sign-in browser pages: the consent form and the error page. */
final class LinkedInPages {
  private LinkedInPages() {}

  /** The Allow/Cancel form; it posts the authorization request back unchanged, plus the chosen member. */
  static String consent(LinkedInOAuthServer.AuthRequest req, Collection<LinkedInDirectory.Member> members, String preselected) {
    StringBuilder options = new StringBuilder();
    members.stream().sorted(Comparator.comparing(LinkedInDirectory.Member::id)).forEach(m -> options.append("<option value=\"")
        .append(esc(m.id())).append(m.id().equals(preselected) ? "\" selected>" : "\">").append(esc(m.name())).append("</option>"));
    return "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>LinkedIn — sandbox</title></head><body>"
        + "<h1>LinkedIn (sandbox)</h1><p>Application <b>" + esc(req.clientId()) + "</b> would like to: <code>"
        + esc(String.join(" ", req.scopes())) + "</code></p><form method=\"post\" action=\"/linkedin/oauth/oauth/v2/authorization/approve\">"
        + hidden("response_type", "code") + hidden("client_id", req.clientId()) + hidden("redirect_uri", req.redirectUri())
        + hidden("state", req.state()) + hidden("scope", String.join(" ", req.scopes()))
        + "<p><label>Sign in as <select name=\"member_id\">" + options + "</select></label></p>"
        + "<button type=\"submit\" name=\"decision\" value=\"allow\">Allow</button> "
        + "<button type=\"submit\" name=\"decision\" value=\"cancel\">Cancel</button></form></body></html>";
  }

  static String error(String message) {
    return "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>LinkedIn — error</title></head><body>"
        + "<h1>Bummer, something went wrong.</h1><p class=\"error\">" + esc(message) + "</p></body></html>";
  }
}
