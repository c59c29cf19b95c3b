package io.clipcast.web;

/**
 * A request the client must change: carries the HTTP status, a stable machine code, a message written for a person
 * (saying what to do), and the offending field when there is one. Thrown or failed anywhere in a handler chain;
 * {@link RouterErrors} turns it into the error body.
 */
public class ApiError extends RuntimeException {
  private final int status;
  private final String code;
  private final String field;
  private final long retryAfterSeconds;
  private io.vertx.core.json.JsonObject details;

  public ApiError(int status, String code, String message, String field, long retryAfterSeconds) {
    super(message, null, false, false); // an expected outcome: no stack trace to fill
    this.status = status;
    this.code = code;
    this.field = field;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  /** Adds the error body's {@code details} (machine-readable help, e.g. the choices a client must pick from). */
  public ApiError withDetails(io.vertx.core.json.JsonObject details) {
    this.details = details;
    return this;
  }

  public io.vertx.core.json.JsonObject details() {
    return details;
  }

  public ApiError(int status, String code, String message, String field) {
    this(status, code, message, field, 0);
  }

  public static ApiError invalid(String field, String message) {
    return new ApiError(400, "validation_failed", message, field);
  }

  public static ApiError notFound(String what) {
    return new ApiError(404, "not_found", what + " was not found.", null);
  }

  public int status() {
    return status;
  }

  public String code() {
    return code;
  }

  public String field() {
    return field;
  }

  public long retryAfterSeconds() {
    return retryAfterSeconds;
  }
}
