package io.clipcast.storage;

import io.minio.errors.ErrorResponseException;
import io.vertx.core.Context;
import io.vertx.core.Future;

import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** MinIO's async calls as Vert.x futures completed on the caller's context. */
final class MinioCalls {
  private static final Set<String> NOT_FOUND = Set.of("NoSuchKey", "NoSuchObject", "NotFound");

  /** Starting a MinIO call builds and signs the request; its checked exceptions surface in the future. */
  @FunctionalInterface
  interface Call<T> {
    CompletableFuture<T> start() throws Exception;
  }

  private MinioCalls() {}

  /** Starts the call on this thread: for requests without a large body. */
  static <T> Future<T> on(Context ctx, Call<T> call) {
    CompletableFuture<T> started;
    try {
      started = call.start();
    } catch (Exception e) {
      return Future.failedFuture(e);
    }
    return Future.fromCompletionStage(started, ctx).recover(err -> Future.failedFuture(unwrap(err)));
  }

  /** Starts the call on a worker thread: MinIO hashes a byte[] body (MD5, SHA-256) while starting it. */
  static <T> Future<T> offloaded(Context ctx, Call<T> call) {
    return ctx.<CompletableFuture<T>>executeBlocking(call::start, false)
        .compose(started -> Future.fromCompletionStage(started, ctx))
        .recover(err -> Future.failedFuture(unwrap(err)));
  }

  static boolean notFound(Throwable err) {
    return err instanceof ErrorResponseException e && NOT_FOUND.contains(e.errorResponse().code());
  }

  private static Throwable unwrap(Throwable err) {
    while ((err instanceof CompletionException || err instanceof ExecutionException) && err.getCause() != null) {
      err = err.getCause();
    }
    return err;
  }
}
