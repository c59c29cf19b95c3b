package io.clipcast.web;

import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;

import java.util.concurrent.TimeUnit;

/**
 * Every HTTP server of a node (API port, ops port) is built here, with the limits of the {@code http} config block:
 * an idle timeout (no byte either way: a body that stops short of its Content-Length, an {@code Expect:
 * 100-continue} followed by nothing, a forgotten keep-alive connection), a deadline for each request's head, and
 * requests the HTTP codec cannot read answered in the JSON error model instead of an empty or plain-text page.
 * Bounded bodies have their own deadline in the routes that read them; streamed uploads are bounded by the idle timeout.
 */
public final class HttpServers {
  private HttpServers() {}

  public static Future<HttpServer> listen(Vertx vertx, JsonObject http, String host, int port, Router router) {
    // HTTP/1.1 only: with cleartext HTTP/2 on, Vert.x makes a connection object (and calls the connection handler the
    // head deadline hangs on) only once a first whole head has arrived, to see whether it asks for an h2c upgrade
    HttpServerOptions options = new HttpServerOptions().setHost(host).setPort(port).setHttp2ClearTextEnabled(false)
        .setIdleTimeout(http.getInteger("idleTimeoutSeconds")).setIdleTimeoutUnit(TimeUnit.SECONDS);
    HeadDeadline heads = new HeadDeadline(vertx, http.getInteger("headerTimeoutSeconds") * 1000L);
    HttpServer server = vertx.createHttpServer(options);
    server.connectionHandler(heads::opened);
    server.invalidRequestHandler(HttpServers::unreadable);
    // With a handshake handler set, Vert.x passes requests of an unknown HTTP version (HTTP/2.0 or 9.9 in an HTTP/1
    // request line) to the request handler instead of answering an empty 501 itself; we offer no WebSockets.
    server.webSocketHandshakeHandler(handshake -> handshake.reject(404));
    server.requestHandler(request -> {
      if (request.version() == null) {
        refuse(request, 400, "http_version_not_supported", "Speak HTTP/1.1 (or HTTP/1.0) to this server.");
        return;
      }
      heads.headArrived(request);
      router.handle(request);
    });
    return server.listen();
  }

  /** What the codec could not parse: a status that says why, the error model, and the connection closed. */
  private static void unreadable(HttpServerRequest request) {
    Throwable cause = request.decoderResult().cause();
    int status;
    String code;
    String message;
    if (cause instanceof TooLongHttpLineException) {
      status = 414;
      code = "uri_too_long";
      message = "The request line is longer than this server reads; shorten the URL or move data into the body.";
    } else if (cause instanceof TooLongHttpHeaderException || cause instanceof TooLongFrameException) {
      status = 431;
      code = "headers_too_large";
      message = "The request headers are larger than this server reads; send fewer or shorter headers.";
    } else {
      status = 400;
      code = "bad_request";
      message = "The request is not valid HTTP/1.1 (" + (cause == null ? "unreadable" : cause.getClass().getSimpleName())
          + "); check the request line and headers.";
    }
    refuse(request, status, code, message);
  }

  private static void refuse(HttpServerRequest request, int status, String code, String message) {
    request.response().setStatusCode(status)
        .putHeader("Content-Type", "application/json; charset=utf-8")
        .putHeader("X-Content-Type-Options", "nosniff")
        .putHeader("Connection", "close")
        .end(ErrorReply.body(code, message, null).encode())
        .onComplete(v -> request.connection().close());
  }
}
