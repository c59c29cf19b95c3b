package io.clipcast.api.clips;

import io.clipcast.web.ApiError;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.streams.ReadStream;
import io.vertx.ext.web.RoutingContext;

/**
 * Where an ingest's bytes come from (the upload's request body, or an import's download), the moment that source
 * breaks, and how to cut it off. The break is latched from the first moment: a stream that fails while nobody listens
 * (paused during authentication or the row insert) reports it to no handler, and a pipe started on it later never ends;
 * that is how uploads stayed {@code uploading} forever (issue 11, H1).
 */
final class IngestSource {
  private final ReadStream<Buffer> body;
  private final Promise<Void> broken = Promise.promise();
  private final Runnable cut;

  private IngestSource(ReadStream<Buffer> body, Runnable cut) {
    this.body = body;
    this.cut = cut;
  }

  /**
   * The upload's own request body. Call it in the route's first handler, before anything asynchronous: it pauses the
   * body (bytes wait for the staging file) and starts listening for the client going away.
   */
  static IngestSource upload(RoutingContext ctx) {
    HttpServerRequest req = ctx.request();
    req.pause();
    IngestSource s = new IngestSource(req, () -> {
      // the rest of the body will not be read: stop it, and close the connection once the answer is out
      req.pause();
      if (ctx.response().ended() || ctx.response().closed()) req.connection().close();
      else ctx.addEndHandler(ar -> req.connection().close());
    });
    ApiError gone = new ApiError(400, "upload_interrupted", "The upload was interrupted before the whole file arrived; upload it again.", "file");
    req.exceptionHandler(e -> s.broken.tryFail(gone));
    ctx.addEndHandler(ar -> {
      if (ar.failed()) s.broken.tryFail(gone); // the connection closed before an answer
    });
    if (ctx.response().closed()) s.broken.tryFail(gone);
    return s;
  }

  /**
   * An import's download, from the moment its answer head arrived. It breaks when the remote does (reset, short body,
   * idle timeout) or when the API client that asked for it goes away ({@code clientGone} fails): then there is nobody
   * to give the clip to, and the download is cut (issue 11, L6).
   */
  static IngestSource download(HttpClientResponse res, Future<Void> clientGone) {
    res.pause();
    IngestSource s = new IngestSource(res, () -> res.request().connection().close());
    res.exceptionHandler(e -> s.broken.tryFail(new ApiError(422, "import_failed", "The link stopped sending before the whole file arrived ("
        + e.getMessage() + "); check that it still works and import it again.", "url")));
    clientGone.onFailure(e -> s.broken.tryFail(importCancelled()));
    return s;
  }

  /** Why an import stopped when its API client left (the row keeps it; nobody is there to answer). */
  static ApiError importCancelled() {
    return new ApiError(400, "import_cancelled", "The import was cancelled: the request that started it was closed before the file"
        + " arrived. Import the link again and keep the request open until it answers.", "url");
  }

  ReadStream<Buffer> body() {
    return body;
  }

  /** Fails, with what to tell the user, when the source breaks; never succeeds. */
  Future<Void> broken() {
    return broken.future();
  }

  /** Stops the source for good: its bytes will not be read. */
  void cut() {
    cut.run();
  }
}
