package io.clipcast.web;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerRequest;

import java.util.Map;
import java.util.WeakHashMap;

/**
 * The head of every request (request line and headers) must arrive within a deadline: counted from the connection's
 * opening, and on a kept-alive connection from the end of its previous answer. An idle timeout alone cannot stop a
 * client that sends one header byte every few seconds ("slowloris"): each byte makes the connection look active.
 * One sweep per server instance checks all its connections, so there is no timer per connection. Connections are
 * held weakly: a closed one leaves the map when it is collected, whoever else handles its closing.
 */
final class HeadDeadline {
  private static final class Waiting {
    long since;
    HttpServerRequest current;

    Waiting(long since) {
      this.since = since;
    }
  }

  private final long deadlineNanos;
  private final Map<HttpConnection, Waiting> connections = new WeakHashMap<>();

  HeadDeadline(Vertx vertx, long deadlineMs) {
    this.deadlineNanos = deadlineMs * 1_000_000;
    vertx.setPeriodic(Math.max(50, Math.min(1000, deadlineMs / 4)), t -> sweep());
  }

  void opened(HttpConnection connection) {
    connections.put(connection, new Waiting(System.nanoTime()));
  }

  /** A request's head arrived: the connection is busy until its answer ends. */
  void headArrived(HttpServerRequest request) {
    Waiting w = connections.get(request.connection());
    if (w != null) w.current = request;
  }

  private void sweep() {
    long now = System.nanoTime();
    var it = connections.entrySet().iterator();
    while (it.hasNext()) {
      var e = it.next();
      Waiting w = e.getValue();
      if (w.current != null) {
        if (!w.current.response().ended() && !w.current.response().closed()) continue; // still being answered
        w.current = null;                // answered: now waiting for the next head
        w.since = now;
        continue;
      }
      if (now - w.since > deadlineNanos) {
        it.remove();
        e.getKey().close();
      }
    }
  }
}
