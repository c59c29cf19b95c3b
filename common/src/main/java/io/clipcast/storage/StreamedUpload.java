package io.clipcast.storage;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.Pipe;
import io.vertx.core.streams.ReadStream;

import java.util.function.Supplier;

/** The shape every put shares: meter the body into a staged upload, then publish it or throw it away. */
final class StreamedUpload {
  private StreamedUpload() {}

  static Future<StoredObject> run(String key, ReadStream<Buffer> body, long expectedSize, long limit,
                                  Supplier<Future<StagedUpload>> stage) {
    UploadMeter meter;
    try {
      ClipKeys.check(key);
      meter = UploadMeter.start(limit, expectedSize);
    } catch (ClipStoreException e) {
      return Future.failedFuture(e);
    }
    // Pausing now (pipe() does) keeps the chunks that arrive while the staging area is being opened.
    // Neither end nor failure of the body may end the staged upload: only commit() publishes it.
    Pipe<Buffer> pipe = body.pipe().endOnComplete(false);
    return stage.get().compose(
        staged -> pipe.to(new MeteredWriteStream(staged, meter))
            .compose(v -> {
              meter.finish();
              return staged.commit();
            })
            .map(v -> meter.result(key))
            .recover(err -> staged.discard().transform(v -> Future.failedFuture(err))),
        err -> {
          pipe.close();
          return Future.failedFuture(err);
        });
  }
}
