package io.clipcast.sandbox.meta;

import io.vertx.core.json.JsonObject;

import java.util.concurrent.ThreadLocalRandom;

/**
 * A Graph API error as Meta sends it (docs/platforms/instagram.md):
 * {@code {"error":{"message","type","code","error_subcode","fbtrace_id"}}} with an HTTP status. Thrown by handlers,
 * answered by {@link GraphReply}.
 */
public final class GraphError extends RuntimeException {
  private final int status;
  private final String type;
  private final int code;
  private final Integer subcode;
  private final boolean transientError;

  public GraphError(int status, String type, int code, Integer subcode, String message, boolean transientError) {
    super(message, null, false, false);
    this.status = status;
    this.type = type;
    this.code = code;
    this.subcode = subcode;
    this.transientError = transientError;
  }

  /** Code 100: a parameter is missing or wrong. */
  public static GraphError param(String message) {
    return new GraphError(400, "OAuthException", 100, null, "(#100) " + message, false);
  }

  public static GraphError param(int subcode, String message) {
    return new GraphError(400, "OAuthException", 100, subcode, message, false);
  }

  /** What Graph says for an id it does not know or the token may not see. */
  public static GraphError unknownObject(String id, String method) {
    return new GraphError(400, "GraphMethodException", 100, 33, "Unsupported " + method + " request. Object with ID '" + id
        + "' does not exist, cannot be loaded due to missing permissions, or does not support this operation.", false);
  }

  public static GraphError noToken() {
    return new GraphError(400, "OAuthException", 104, null, "An access token is required to request this resource.", false);
  }

  public static GraphError badToken() {
    return new GraphError(400, "OAuthException", 190, null, "Invalid OAuth access token - Cannot parse access token", false);
  }

  public static GraphError expiredToken() {
    return new GraphError(400, "OAuthException", 190, 463, "Error validating access token: Session has expired.", false);
  }

  public static GraphError permission(int code, String message) {
    return new GraphError(403, "OAuthException", code, null, "(#" + code + ") " + message, false);
  }

  /** Throttling: 4 app, 17 user, 32 Page, 613 calls, 80001/80002 business use case. */
  public static GraphError rateLimit(int code) {
    String message = switch (code) {
      case 17 -> "(#17) User request limit reached";
      case 32 -> "(#32) Page request limit reached";
      case 613 -> "(#613) Calls to this api have exceeded the rate limit.";
      case 80001, 80002 -> "(#" + code + ") There have been too many calls for this business account. Wait a bit and try again.";
      default -> "(#4) Application request limit reached";
    };
    return new GraphError(400, "OAuthException", code, null, message, true);
  }

  /** A retired version when refusing is switched on: the Ads API's answer (docs/platforms/facebook.md, "API version"). */
  public static GraphError retiredVersion(String latest) {
    return new GraphError(400, "OAuthException", 2635, null, "(#2635) You are calling a deprecated version of the Ads API. Please update to"
        + " the latest version: " + latest + ".", false);
  }

  /** Codes 1/2: Meta's own temporary trouble. */
  public static GraphError temporary(int status) {
    return new GraphError(status, "OAuthException", 2, null, "An unexpected error has occurred. Please retry your request later.", true);
  }

  public int status() {
    return status;
  }

  public int code() {
    return code;
  }

  public JsonObject toJson() {
    JsonObject e = new JsonObject().put("message", getMessage()).put("type", type).put("code", code);
    if (subcode != null) e.put("error_subcode", subcode);
    if (transientError) e.put("is_transient", true);
    return new JsonObject().put("error", e.put("fbtrace_id", traceId()));
  }

  static String traceId() {
    String chars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < 11; i++) b.append(chars.charAt(ThreadLocalRandom.current().nextInt(chars.length())));
    return b.toString();
  }
}
