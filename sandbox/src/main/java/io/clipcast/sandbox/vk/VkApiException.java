package io.clipcast.sandbox.vk;

/** A method-API refusal: becomes VK's {@code {"error":{"error_code","error_msg",…}}} envelope (HTTP 200). */
final class VkApiException extends RuntimeException {
  final int code;

  VkApiException(int code, String message) {
    super(message, null, false, false);
    this.code = code;
  }

  static VkApiException badParam(String detail) {
    return new VkApiException(100, "One of the parameters specified was missing or invalid: " + detail);
  }
}
