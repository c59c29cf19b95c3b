package io.clipcast.db;

import io.vertx.core.json.JsonObject;

import javax.net.ssl.SSLException;

/**
 * Turns a failed TLS check of the PostgreSQL server into an error that names the settings to look at; the
 * driver's own words ("PKIX path building failed", "hostname ... could not be verified") do not.
 */
final class TlsFailures {
  private TlsFailures() {}

  static RuntimeException explain(JsonObject db, RuntimeException failure) {
    if (!isTlsFailure(failure)) return failure;
    String mode = db.getString("sslMode");
    String settings = "db.sslMode=" + mode + (mode.startsWith("verify-") ? ", db.sslRootCert=" + db.getString("sslRootCert") : "");
    String advice = mode.equals("verify-full")
        ? "the server's certificate must be signed by the CA in db.sslRootCert and name db.host (" + db.getString("host") + ")"
        : mode.equals("verify-ca") ? "the server's certificate must be signed by the CA in db.sslRootCert"
        : "the server must accept TLS, or lower db.sslMode";
    return new IllegalStateException("PostgreSQL at " + db.getString("host") + ":" + db.getInteger("port")
        + " failed the TLS check (" + settings + "): " + advice, failure);
  }

  private static boolean isTlsFailure(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SSLException) return true;
      String m = t.getMessage();
      if (m != null && (m.contains("SSL") || m.contains("certificate"))) return true;
      if (t.getCause() == t) break;
    }
    return false;
  }
}
