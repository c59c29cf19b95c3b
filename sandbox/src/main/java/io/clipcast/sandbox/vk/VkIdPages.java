package io.clipcast.sandbox.vk;

import java.util.Collection;
import java.util.Comparator;

import static io.clipcast.sandbox.kit.oauth.OAuthParams.esc;
import static io.clipcast.sandbox.kit.oauth.OAuthParams.hidden;

/** The VK ID browser pages: the consent form and the error page. */
final class VkIdPages {
  private VkIdPages() {}

  /** The Approve/Deny form; it posts the authorization request back unchanged, plus the chosen user. */
  static String consent(VkIdServer.AuthRequest req, Collection<VkUsers.User> users, long preselected) {
    StringBuilder options = new StringBuilder();
    users.stream().sorted(Comparator.comparingLong(VkUsers.User::id)).forEach(u -> options.append("<option value=\"").append(u.id())
        .append(u.id() == preselected ? "\" selected>" : "\">").append(esc(u.firstName() + " " + u.lastName())).append(" (id")
        .append(u.id()).append(")</option>"));
    return "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>VK ID — sandbox</title></head><body>"
        + "<h1>VK ID (sandbox)</h1><p>Application <b>" + esc(req.clientId()) + "</b> asks for access: <code>" + esc(req.scope())
        + "</code></p><form method=\"post\" action=\"/vk/id/authorize/approve\">"
        + hidden("response_type", "code") + hidden("client_id", req.clientId()) + hidden("redirect_uri", req.redirectUri())
        + hidden("state", req.state()) + hidden("scope", req.scope()) + hidden("code_challenge", req.codeChallenge())
        + hidden("code_challenge_method", "S256")
        + "<p><label>Sign in as <select name=\"user_id\">" + options + "</select></label></p>"
        + "<button type=\"submit\" name=\"decision\" value=\"approve\">Approve</button> "
        + "<button type=\"submit\" name=\"decision\" value=\"deny\">Deny</button></form></body></html>";
  }

  static String error(String message) {
    return "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>VK ID — error</title></head><body>"
        + "<h1>Invalid request</h1><p class=\"error\">" + esc(message) + "</p></body></html>";
  }
}
