package io.clipcast.publish.pipeline;

import io.clipcast.platforms.PlatformFailure;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.security.SecureRandom;
import java.util.HexFormat;

import static net.logstash.logback.argument.StructuredArguments.kv;

/**
 * An exception no connector anticipated (a bug, a node misconfigured) must not reach the user as its Java text: the
 * user gets a message they can act on and an error id; the exception with its stack goes to the log under that id,
 * where the operator finds it.
 */
final class InternalErrors {
  static final String CODE = "internal_error";
  private static final Logger log = LoggerFactory.getLogger(InternalErrors.class);
  private static final SecureRandom RANDOM = new SecureRandom();

  private InternalErrors() {}

  /** Logs {@code failure} under a new error id and returns the retryable failure the user sees. */
  static PlatformFailure report(String publicationId, int attempt, String platform, Throwable failure) {
    byte[] bytes = new byte[6];
    RANDOM.nextBytes(bytes);
    String errorId = "E-" + HexFormat.of().formatHex(bytes);
    log.error("unexpected error in a publish attempt", kv("errorId", errorId), kv("publicationId", publicationId),
        kv("attempt", attempt), kv("platform", platform), failure);
    return PlatformFailure.retryable(CODE, "Clipcast hit an internal problem while publishing to " + platform + " (error id "
        + errorId + "). It will try again by itself; if it keeps failing, send this error id to whoever runs your Clipcast server.");
  }
}
