package io.clipcast.db;

import io.vertx.sqlclient.ClosedConnectionException;
import io.vertx.sqlclient.DatabaseException;

import java.net.ConnectException;

/**
 * Whether a failure means PostgreSQL or Redis cannot be reached right now (down, restarting, failing over): not the
 * request's fault and not a bug: the API answers 503 with a "send it again" message instead of 500, and a publish
 * attempt that met it waits a moment without spending an attempt.
 */
public final class DependencyOutage {
  private DependencyOutage() {}

  public static boolean causedBy(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof ConnectException || t instanceof ClosedConnectionException) return true;
      // SQLSTATE class 08: connection exception; 57P: the server is shutting down or restarting
      if (t instanceof DatabaseException db && db.getSqlState() != null
          && (db.getSqlState().startsWith("08") || db.getSqlState().startsWith("57P"))) return true;
    }
    return false;
  }
}
