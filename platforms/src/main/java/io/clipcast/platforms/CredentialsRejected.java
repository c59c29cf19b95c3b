package io.clipcast.platforms;

/** The platform refused the credentials; the message tells the user what to fix (never contains the secret). */
public class CredentialsRejected extends RuntimeException {
  private final String field;
  private final io.vertx.core.json.JsonObject details;

  public CredentialsRejected(String field, String message) {
    this(field, message, null);
  }

  /** {@code details}: machine-readable help for the client, e.g. {@code {"choices":[{id, label}]}} when it must pick one. */
  public CredentialsRejected(String field, String message, io.vertx.core.json.JsonObject details) {
    super(message, null, false, false);
    this.field = field;
    this.details = details;
  }

  /** Null when there is nothing beyond the message. */
  public io.vertx.core.json.JsonObject details() {
    return details;
  }

  public String field() {
    return field;
  }
}
