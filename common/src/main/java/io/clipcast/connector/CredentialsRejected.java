package io.clipcast.connector;

/** The platform refused the credentials; the message tells the user what to fix (never contains the secret). */
public class CredentialsRejected extends RuntimeException {
  private final String field;

  public CredentialsRejected(String field, String message) {
    super(message, null, false, false);
    this.field = field;
  }

  public String field() {
    return field;
  }
}
