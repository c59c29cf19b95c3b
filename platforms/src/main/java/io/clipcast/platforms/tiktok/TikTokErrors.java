package io.clipcast.platforms.tiktok;

import io.clipcast.platforms.ErrorKind;
import io.clipcast.platforms.PlatformFailure;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * TikTok's {@code error.code}s and {@code fail_reason}s classified for the pipeline (docs/platforms/tiktok.md
 * polling), each with a message for the user. Daily caps are deferred to the next UTC day (TikTok does not say when its
 * window turns; UTC midnight is the honest guess) with the time in the user's zone.
 */
final class TikTokErrors {
  static final long DEFAULT_RATE_WAIT_MS = 60_000;
  private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm zzz", Locale.ENGLISH);
  /** What an unaudited app demands (docs/platforms/tiktok.md, "Registering the app"): the account itself private, posts SELF_ONLY. */
  static final String UNAUDITED = "This server's TikTok app has not passed TikTok's audit yet, so TikTok accepts its posts only"
      + " from a private TikTok account, and only as private (SELF_ONLY) posts. Set the TikTok account itself to private (in the"
      + " TikTok app's privacy settings), then publish again; or ask the operator to have the app audited"
      + " (see docs/platforms/tiktok.md).";

  private TikTokErrors() {}

  static PlatformFailure of(int status, String code, String said, String what, long retryAfterMs, ZoneId zone) {
    String c = code == null ? "http_" + status : code;
    String tiktok = said == null || said.isBlank() ? "" : " (TikTok said: " + said + ")";
    return switch (c) {
      case "access_token_invalid" -> PlatformFailure.auth(c, "TikTok no longer accepts this connection's sign-in (expired or revoked). "
          + "Reconnect your TikTok account.");
      case "scope_not_authorized", "scope_permission_missed" -> PlatformFailure.auth(c, "The TikTok connection lacks a permission Clipcast"
          + " needs for " + what + ". Reconnect TikTok and allow every requested permission." + tiktok);
      case "rate_limit_exceeded" -> PlatformFailure.rateLimited(c, "TikTok is rate-limiting " + what + "; it will be retried shortly.",
          retryAfterMs > 0 ? retryAfterMs : DEFAULT_RATE_WAIT_MS);
      case "spam_risk_too_many_posts" -> deferred(c, "TikTok's daily post limit for this account is reached", zone);
      case "spam_risk_too_many_pending_share" -> deferred(c, "This account has too many posts waiting in its TikTok inbox", zone);
      case "reached_active_user_cap" -> deferred(c, "This server's TikTok app reached its daily limit of posting users (unaudited apps: 5 a"
          + " day)", zone);
      case "spam_risk_user_banned_from_posting" -> PlatformFailure.permanent(c, "TikTok has banned this account from posting.");
      case "unaudited_client_can_only_post_to_private_accounts" -> PlatformFailure.permanent(c, UNAUDITED);
      case "url_ownership_unverified" -> PlatformFailure.permanent(c, "TikTok refused to download the clip: the server's media domain is"
          + " not verified in the TikTok developer portal. Ask the operator to verify it, or upload the file instead.");
      case "privacy_level_option_mismatch" -> PlatformFailure.permanent(c, "TikTok does not offer that visibility for this account; pick"
          + " one of the account's options." + tiktok);
      case "invalid_file_upload" -> PlatformFailure.permanent(c, "TikTok refused the file: it does not meet TikTok's video rules"
          + " (MP4/MOV/WebM, up to 4 GB)." + tiktok);
      case "invalid_params" -> PlatformFailure.permanent(c, "TikTok refused " + what + tiktok + ".");
      case "internal_error" -> PlatformFailure.retryable(c, "TikTok had a temporary problem during " + what + "; it will be retried.");
      default -> status == 429 ? PlatformFailure.rateLimited(c, "TikTok is rate-limiting " + what + "; it will be retried shortly.",
              retryAfterMs > 0 ? retryAfterMs : DEFAULT_RATE_WAIT_MS)
          : status >= 500 || status == 0 ? PlatformFailure.retryable(c, "TikTok failed during " + what + " (HTTP " + status + "); it will be retried.")
          : PlatformFailure.permanent(c, "TikTok refused " + what + tiktok + ".");
    };
  }

  /** A post that ended {@code FAILED}: why, in the user's terms. */
  static PlatformFailure failReason(String reason, ZoneId zone) {
    String r = reason == null || reason.isBlank() ? "unknown" : reason;
    return switch (r) {
      case "file_format_check_failed" -> PlatformFailure.permanent(r, "TikTok could not read the video format (file_format_check_failed)."
          + " Export it as MP4 with H.264 and try again.");
      case "duration_check_failed" -> PlatformFailure.permanent(r, "TikTok refused the video's length (duration_check_failed). Keep it"
          + " within the account's maximum post duration.");
      case "frame_rate_check_failed" -> PlatformFailure.permanent(r, "TikTok refused the video's frame rate (frame_rate_check_failed);"
          + " use 23–60 fps.");
      case "picture_size_check_failed" -> PlatformFailure.permanent(r, "TikTok refused the video's resolution (picture_size_check_failed);"
          + " width and height must be 360–4096 px.");
      case "internal" -> PlatformFailure.retryable(r, "TikTok failed while processing the video (internal); it will be posted again.");
      case "video_pull_failed" -> PlatformFailure.retryable(r, "TikTok could not download the clip (video_pull_failed); it will be retried.");
      case "publish_cancelled" -> PlatformFailure.permanent(r, "The post was cancelled on TikTok (publish_cancelled).");
      case "auth_removed" -> PlatformFailure.auth(r, "The account removed Clipcast's access on TikTok (auth_removed). Reconnect TikTok.");
      case "spam_risk_too_many_posts" -> deferred(r, "TikTok's daily post limit for this account is reached", zone);
      case "spam_risk_user_banned_from_posting" -> PlatformFailure.permanent(r, "TikTok has banned this account from posting.");
      case "spam_risk_text" -> PlatformFailure.permanent(r, "TikTok flagged the caption as spam (spam_risk_text). Change the caption and"
          + " publish again.");
      default -> PlatformFailure.permanent(r, "TikTok did not publish the video (" + r + ").");
    };
  }

  /** Deferred to 00:01 UTC tomorrow, with that time in the user's zone: "…; publishing at 00:01 UTC = 03:01 MSK". */
  static PlatformFailure deferred(String code, String what, ZoneId zone) {
    Instant until = LocalDate.now(ZoneOffset.UTC).plusDays(1).atTime(0, 1).toInstant(ZoneOffset.UTC);
    String local = zone == null ? "" : " = " + CLOCK.format(until.atZone(zone));
    return PlatformFailure.deferred(code, what + " (" + code + "); publishing at 00:01 UTC" + local + ".", until);
  }

  static PlatformFailure unreachable(String what, Throwable e) {
    return new PlatformFailure(ErrorKind.RETRYABLE, null, "TikTok did not answer " + what + " (" + e.getMessage() + "); it will be retried.",
        0, e);
  }

  static long retryAfterMs(String header) {
    try {
      return header == null ? 0 : Math.max(1, Long.parseLong(header.trim())) * 1000;
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
