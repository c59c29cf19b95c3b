package io.clipcast.sandbox.youtube;

import io.clipcast.sandbox.kit.oauth.TokenBook;
import io.vertx.core.json.JsonObject;

/** The {@code Authorization: Bearer} check of every YouTube API call (docs/platforms/youtube.md, "Sandbox control routes"). */
final class BearerAuth {
  enum Need { UPLOAD, READ }

  private BearerAuth() {}

  /** The caller's token, or null after answering the refusal. */
  static TokenBook.Grant<String> check(GoogleTokens tokens, Answer answer, Need need) {
    String header = answer.ctx().request().getHeader("Authorization");
    if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      answer.json(401, unauthorized("required", "Login Required.",
          "Request is missing required authentication credential. Expected OAuth 2 access token, login cookie or other valid "
              + "authentication credential."));
      return null;
    }
    TokenBook.Grant<String> a = tokens.book.access(header.substring(7).trim()).orElse(null);
    if (a == null || a.expired() || answer.drawn("token_expired")) {
      answer.json(401, unauthorized("authError", "Invalid Credentials",
          "Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid "
              + "authentication credential."));
      return null;
    }
    if (need == Need.UPLOAD ? !GoogleTokens.mayUpload(a) : !GoogleTokens.mayRead(a)) {
      answer.apiError(403, "global", "insufficientPermissions", "Request had insufficient authentication scopes.");
      return null;
    }
    return a;
  }

  private static JsonObject unauthorized(String reason, String detail, String message) {
    JsonObject body = Answer.envelope(401, "global", reason, message);
    JsonObject first = body.getJsonObject("error").getJsonArray("errors").getJsonObject(0);
    first.put("message", detail).put("location", "Authorization").put("locationType", "header");
    body.getJsonObject("error").put("status", "UNAUTHENTICATED");
    return body;
  }
}
