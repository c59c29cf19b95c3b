package io.clipcast.platforms.meta;

import io.clipcast.platforms.ErrorKind;
import io.clipcast.platforms.PlatformFailure;

/**
 * Graph API errors classified for the pipeline (docs/platforms/instagram.md and docs/platforms/facebook.md), each with a
 * message for the user. The callers handle the codes that mean "not yet" (9007 not ready) or "cap reached" (9) themselves.
 */
public final class MetaErrors {
  /** Graph's throttling windows are an hour long; without Meta's own estimate, try again after a minute. */
  static final long THROTTLE_WAIT_MS = 60_000;
  static final long POLICY_BLOCK_WAIT_MS = 60 * 60_000;

  private MetaErrors() {}

  /** Any failure of a Graph call as a PlatformFailure (PlatformFailures pass through). */
  public static Throwable classify(Throwable e, String platform, String what) {
    if (e instanceof GraphApiError g) return of(g, platform, what);
    return e;
  }

  public static PlatformFailure of(GraphApiError e, String platform, String what) {
    String c = e.subcode() == 0 ? Integer.toString(e.code()) : e.code() + "/" + e.subcode();
    String said = " (" + platform + " said: " + (e.userMessage() != null ? e.userMessage() : e.getMessage()) + ")";
    long wait = e.retryAfterMs() > 0 ? e.retryAfterMs() : THROTTLE_WAIT_MS;
    int code = e.code();
    // Meta's error table: 2207051 (sent with code 4) is a post blocked as spam, not throttling; retrying cannot help
    if (e.subcode() == 2207051) {
      return PlatformFailure.permanent(c, platform + " blocked the post as spam or restricted activity; it will not be retried."
          + " Check the account on " + platform + " and change the post before publishing again" + said + ".");
    }
    if (code == 4 || code == 17 || code == 32 || code == 613 || code == 80001 || code == 80002) {
      String whose = switch (code) {
        case 17 -> "this account's";
        case 32, 80001 -> "the Page's";
        case 80002 -> "the Instagram account's";
        default -> "our app's";
      };
      return PlatformFailure.rateLimited(c, platform + " is throttling " + whose + " requests (code " + code + "); " + what
          + " will be retried when the limit frees.", wait);
    }
    // the refusal Meta's Ads API gives a retired version (docs/platforms/facebook.md, "API version"); Graph itself serves
    // such calls as a newer version instead, which GraphVersionWatch reports
    if (code == 2635) {
      return PlatformFailure.permanent(c, platform + " no longer serves the Graph API version this server speaks" + said
          + ". The operator must update api.version in conf/platforms/" + platform.toLowerCase(java.util.Locale.ROOT) + ".json.");
    }
    if (code == 190 || code == 102 || code == 104) {
      return PlatformFailure.auth(c, platform + " no longer accepts this connection's sign-in (expired, password changed or access"
          + " removed). Connect the account again." + said);
    }
    if (code == 1 || code == 2 || e.httpStatus() >= 500) {
      return new PlatformFailure(ErrorKind.RETRYABLE, c, platform + " had a temporary problem during " + what + said
          + "; it will be retried.", 0, null);
    }
    if (code == 368) {
      return PlatformFailure.rateLimited(c, platform + " has temporarily blocked posting from this account for a policy reason; "
          + "it will be retried in an hour." + said, POLICY_BLOCK_WAIT_MS);
    }
    if (code == 10 || (code >= 200 && code <= 299)) {
      return PlatformFailure.permanent(c, "The " + platform + " connection lacks a permission needed for " + what + ". Connect the account"
          + " again and allow every requested permission." + said);
    }
    // 2207001 is "Instagram server error. Try again." in Meta's error table
    if (e.subcode() == 2207001 || e.subcode() == 2207003 || e.subcode() == 2207032 || e.subcode() == 2207053 || e.subcode() == 2207052 || e.subcode() == 2207077
        || e.subcode() == 2207082) {
      return new PlatformFailure(ErrorKind.RETRYABLE, c, platform + " could not take the video this time" + said + "; it will be retried.",
          0, null);
    }
    if (e.subcode() == 2207010) return PlatformFailure.permanent(c, "The caption is too long or has too many hashtags or mentions" + said + ".");
    if (e.subcode() == 2207050) return PlatformFailure.permanent(c, "This account is restricted on " + platform + said + ".");
    if (e.subcode() == 2207009 || code == 36003 || e.subcode() == 2207026 || e.subcode() == 2207023) {
      return PlatformFailure.permanent(c, platform + " does not accept this video's format or aspect ratio" + said
          + ". Reels should be 9:16 MP4 (H.264/HEVC, AAC).");
    }
    return PlatformFailure.permanent(c, platform + " refused " + what + said + ".");
  }

  public static PlatformFailure unreachable(String platform, String what, Throwable e) {
    return new PlatformFailure(ErrorKind.RETRYABLE, null, platform + " did not answer " + what + " (" + e.getMessage()
        + "); it will be retried.", 0, e);
  }
}
