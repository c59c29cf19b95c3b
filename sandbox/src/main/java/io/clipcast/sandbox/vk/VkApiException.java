package io.clipcast.sandbox.vk;

/** A method-API refusal: becomes VK's {@code {"error":{"error_code","error_msg",…}}} envelope (HTTP 200). */
final class VkApiException extends RuntimeException {
  final int code;

  /** VK's error 15 when a token lacks the right a method needs (docs/platforms/vk.md [S15]). */
  static final String NO_ACCESS = "Access denied: no access to call this method. It cannot be called with current scopes.";

  VkApiException(int code, String message) {
    super(message, null, false, false);
    this.code = code;
  }

  static VkApiException badParam(String detail) {
    return new VkApiException(100, "One of the parameters specified was missing or invalid: " + detail);
  }
}
