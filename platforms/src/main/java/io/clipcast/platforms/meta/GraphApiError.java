package io.clipcast.platforms.meta;

/**
 * A Graph API error envelope as received: {@code {"error":{"message","type","code","error_subcode","fbtrace_id"}}}.
 * Callers that act on particular codes (not ready, cap reached, already published) look at it before it is classified
 * by {@link MetaErrors}.
 */
public final class GraphApiError extends RuntimeException {
  private final int httpStatus;
  private final int code;
  private final int subcode;
  private final String userMessage;
  private final long retryAfterMs;

  public GraphApiError(int httpStatus, int code, int subcode, String message, String userMessage, long retryAfterMs) {
    super(message, null, false, false);
    this.httpStatus = httpStatus;
    this.code = code;
    this.subcode = subcode;
    this.userMessage = userMessage;
    this.retryAfterMs = retryAfterMs;
  }

  public int httpStatus() {
    return httpStatus;
  }

  public int code() {
    return code;
  }

  /** 0 when Meta sent none. */
  public int subcode() {
    return subcode;
  }

  /** Meta's {@code error_user_msg} when it sent one (meant for people), else null. */
  public String userMessage() {
    return userMessage;
  }

  /** Meta's {@code estimated_time_to_regain_access} from the usage headers, 0 when it named none. */
  public long retryAfterMs() {
    return retryAfterMs;
  }
}
