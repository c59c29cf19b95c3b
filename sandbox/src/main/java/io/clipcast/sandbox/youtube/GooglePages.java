package io.clipcast.sandbox.youtube;

import static io.clipcast.sandbox.kit.oauth.OAuthParams.esc;
import static io.clipcast.sandbox.kit.oauth.OAuthParams.hidden;

/** The Google sign-in pages: the consent form (Allow / Cancel) and the "Error 400: …" page. */
final class GooglePages {
  private GooglePages() {}

  static String consent(GoogleOAuthServer.AuthRequest req, YouTubeChannels.Channel channel) {
    StringBuilder hidden = new StringBuilder();
    hidden.append(hidden("client_id", req.clientId())).append(hidden("redirect_uri", req.redirectUri()))
        .append(hidden("response_type", "code")).append(hidden("scope", String.join(" ", req.scopes())))
        .append(hidden("access_type", req.offline() ? "offline" : "online")).append(hidden("channel_id", channel.id()));
    if (req.state() != null) hidden.append(hidden("state", req.state()));
    if (req.challenge() != null) {
      hidden.append(hidden("code_challenge", req.challenge())).append(hidden("code_challenge_method", req.challengeMethod()));
    }
    return "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Sign in - Google Accounts (sandbox)</title></head>"
        + "<body><h1>Google (sandbox)</h1><p>" + esc(req.clientId()) + " wants to access your Google Account as <b>" + esc(channel.title())
        + "</b>:</p><p><code>" + esc(String.join(" ", req.scopes())) + "</code></p>"
        + "<form method=\"post\" action=\"/youtube/oauth/o/oauth2/v2/approve\">" + hidden
        + "<button type=\"submit\" name=\"decision\" value=\"allow\">Allow</button> "
        + "<button type=\"submit\" name=\"decision\" value=\"deny\">Cancel</button></form></body></html>";
  }

  static String error(int status, String error, String description) {
    return "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Error " + status + " (OAuth2 Error)</title></head><body>"
        + "<h1>Access blocked: Authorization Error</h1><p class=\"error\">Error " + status + ": " + esc(error) + "</p><p>" + esc(description)
        + "</p></body></html>";
  }
}
