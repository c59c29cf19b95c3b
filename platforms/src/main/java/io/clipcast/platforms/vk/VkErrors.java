package io.clipcast.platforms.vk;

import io.clipcast.platforms.ErrorKind;
import io.clipcast.platforms.PlatformFailure;

/**
 * VK's error codes classified for the pipeline (docs/platforms/vk.md), each with a message for the user:
 * what happened and what to do.
 */
final class VkErrors {
  static final long FLOOD_WAIT_MS = 10 * 60_000;
  static final long QUOTA_WAIT_MS = 60 * 60_000;

  private VkErrors() {}

  static PlatformFailure of(int code, String vkMessage, String method) {
    String c = Integer.toString(code);
    String said = " (VK said: " + vkMessage + ")";
    return switch (code) {
      case 5, 16, 27, 28 -> PlatformFailure.auth(c, "VK no longer accepts this connection's sign-in: it expired or was revoked. "
          + "Reconnect your VK account." + said);
      case 6 -> PlatformFailure.rateLimited(c, "VK asked us to slow down (too many requests per second); it will be retried shortly.", 1_000);
      case 9 -> PlatformFailure.rateLimited(c, "VK's flood control stopped this action for now; it will be retried later.", FLOOD_WAIT_MS);
      case 29, 224 -> PlatformFailure.rateLimited(c, "VK's quota for " + method + " is used up for now; the post will be retried when it frees.",
          QUOTA_WAIT_MS);
      case 1, 10, 22, 219 -> new PlatformFailure(ErrorKind.RETRYABLE, c, "VK had a temporary problem" + said + "; it will be retried.", 0, null);
      case 14 -> PlatformFailure.permanent(c, "VK wants a captcha solved before it accepts more posts from this account. Open vk.com, "
          + "publish one post by hand (solving the captcha), then retry.");
      case 17 -> PlatformFailure.permanent(c, "VK requires this account to confirm its identity. Sign in at vk.com, complete the check, "
          + "then retry.");
      case 7, 15 -> PlatformFailure.permanent(c, lacksAccess(method) + said);
      case 18 -> PlatformFailure.permanent(c, "This VK account is deleted or banned; publishing to it is not possible.");
      case 203 -> PlatformFailure.permanent(c, "This VK account cannot publish in that community: make it an administrator or editor "
          + "there, then retry." + said);
      case 204, 200 -> PlatformFailure.permanent(c, "VK refused access to the video." + said);
      case 214 -> PlatformFailure.permanent(c, "VK does not let this account post on that wall. Check the community's posting rights, "
          + "then retry." + said);
      case 704 -> PlatformFailure.permanent(c, "The community requires its admins to use two-factor authentication for this. Turn it on "
          + "at vk.com, then retry.");
      case 100 -> PlatformFailure.permanent(c, "VK rejected the post's details" + said + ". Fix the title or caption and retry.");
      default -> PlatformFailure.permanent(c, "VK refused " + method + said + ".");
    };
  }

  /**
   * Errors 7 and 15: VK refuses a right the app was not granted, not one the user withheld; signing in again cannot
   * help, so the message names what the operator's VK app lacks (docs/platforms/vk.md, Registering, products, scopes, review).
   */
  static String lacksAccess(String method) {
    if (method.startsWith("wall.")) {
      return "This VK app lacks access to posting on walls (the wall right: VK grants it only on request, and documents wall.post "
          + "for tokens of standalone apps signed in through Implicit Flow). The operator can switch oauth.clients.vk.route to "
          + "videoWallpost; see docs/platforms/vk.md.";
    }
    return "This VK app lacks access to videos (the video right, which VK grants after the app's business profile is verified, on "
        + "request to VK support); see docs/platforms/vk.md.";
  }

  /** A non-200 HTTP answer from VK's method API or upload host. */
  static PlatformFailure http(int status, String what, long retryAfterMs) {
    String c = "http_" + status;
    if (status == 429) return PlatformFailure.rateLimited(c, "VK is rate-limiting " + what + "; it will be retried shortly.", retryAfterMs);
    if (status >= 500) return PlatformFailure.retryable(c, "VK failed during " + what + " (HTTP " + status + "); it will be retried.");
    return PlatformFailure.permanent(c, "VK refused " + what + " (HTTP " + status + ").");
  }

  static PlatformFailure unreachable(String what, Throwable e) {
    return new PlatformFailure(ErrorKind.RETRYABLE, null, "VK did not answer " + what + " (" + e.getMessage() + "); it will be retried.", 0, e);
  }
}
