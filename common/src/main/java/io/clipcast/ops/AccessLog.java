package io.clipcast.ops;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static net.logstash.logback.argument.StructuredArguments.kv;

/** One structured log line per request, carrying the correlation id; probes and scrapes log at debug. */
public final class AccessLog implements Handler<RoutingContext> {
  /** A route whose path carries a credential (a feed token) puts here the template to log instead. */
  public static final String LOGGED_PATH = "accessLog.path";
  private static final Logger log = LoggerFactory.getLogger("clipcast.access");

  @Override
  public void handle(RoutingContext ctx) {
    long start = System.nanoTime();
    ctx.addEndHandler(ar -> {
      String template = ctx.get(LOGGED_PATH);
      String path = template != null ? template : ctx.request().path();
      boolean probe = "/health".equals(path) || "/ready".equals(path) || "/metrics".equals(path);
      if (probe && !log.isDebugEnabled()) return;
      Object[] fields = {
          kv("requestId", RequestIds.of(ctx)),
          kv("method", ctx.request().method().name()),
          kv("path", path),
          kv("status", ctx.response().getStatusCode()),
          kv("durationMs", (System.nanoTime() - start) / 1_000_000)
      };
      if (probe) log.debug("http request", fields);
      else log.info("http request", fields);
    });
    ctx.next();
  }
}
