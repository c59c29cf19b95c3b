package io.clipcast.platforms.http;

import io.clipcast.platforms.PlatformFailure;
import io.clipcast.storage.ClipStream;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.streams.ReadStream;

import java.util.Map;
import java.util.UUID;
import java.util.function.LongConsumer;

/**
 * Sends a stored clip to a platform as the request body — raw ({@link #raw}) or as the file of a
 * {@code multipart/form-data} form ({@link #multipart}) — streamed with backpressure and a {@code Content-Length}, so
 * a 2 GB clip costs a few buffers of heap. Reports bytes sent as they go, and always closes the clip stream.
 *
 * <p>Failures say whether the platform may have the upload: a connection lost while the body was still being sent
 * fails {@link io.clipcast.platforms.ErrorKind#RETRYABLE RETRYABLE}; lost after the last byte went out, with no
 * answer, fails {@link io.clipcast.platforms.ErrorKind#OUTCOME_UNKNOWN OUTCOME_UNKNOWN} (the connector decides
 * whether it can check the platform or must report unknown). Put the idle timeout on the client
 * ({@code HttpClientOptions.setIdleTimeout}: no byte moved either way), not on {@code options}: a request's own idle
 * timeout counts only bytes received and would cut off any upload longer than it.
 */
public final class StreamingUpload {
  private StreamingUpload() {}

  public static Future<UploadResponse> raw(HttpClient client, RequestOptions options, ClipStream clip, LongConsumer progress) {
    return send(client, options, clip, Buffer.buffer(), Buffer.buffer(), progress);
  }

  /** {@code fields} are sent first (in order), then the file part. */
  public static Future<UploadResponse> multipart(HttpClient client, RequestOptions options, Map<String, String> fields, FilePart file,
                                                 ClipStream clip, LongConsumer progress) {
    String boundary = "clipcast-" + UUID.randomUUID();
    StringBuilder head = new StringBuilder();
    fields.forEach((name, value) -> head.append("--").append(boundary).append("\r\n")
        .append("Content-Disposition: form-data; name=\"").append(quote(name)).append("\"\r\n\r\n").append(value).append("\r\n"));
    head.append("--").append(boundary).append("\r\n")
        .append("Content-Disposition: form-data; name=\"").append(quote(file.field())).append("\"; filename=\"")
        .append(quote(file.fileName())).append("\"\r\n")
        .append("Content-Type: ").append(file.contentType()).append("\r\n\r\n");
    RequestOptions o = new RequestOptions(options).putHeader("Content-Type", "multipart/form-data; boundary=" + boundary);
    return send(client, o, clip, Buffer.buffer(head.toString(), "UTF-8"), Buffer.buffer("\r\n--" + boundary + "--\r\n"), progress);
  }

  private static String quote(String s) {
    return s.replace("\"", "%22").replace("\r", " ").replace("\n", " ");
  }

  private static Future<UploadResponse> send(HttpClient client, RequestOptions options, ClipStream clip, Buffer head, Buffer tail,
                                             LongConsumer progress) {
    boolean[] bodySent = {false};
    long length = head.length() + clip.size() + tail.length();
    return client.request(new RequestOptions(options).putHeader("Content-Length", Long.toString(length)))
        .compose(req -> {
          // the answer is read as soon as it arrives (a platform may refuse early, e.g. 413, before the body is done)
          Future<UploadResponse> answered = req.response()
              .compose(r -> r.body().map(b -> new UploadResponse(r.statusCode(), copy(r.headers()), b)));
          Future<Void> written = req.write(head)
              .compose(v -> PositionStream.from(clip.body(), 0, progress).pipe().endOnSuccess(false).to(req))
              .compose(v -> req.end(tail))
              .onSuccess(v -> bodySent[0] = true);
          written.onFailure(e -> req.reset(0, e));
          return written.transform(w -> w.succeeded() || (answered.isComplete() && answered.succeeded()) ? answered
              : Future.failedFuture(w.cause()));
        })
        .recover(e -> Future.failedFuture(e instanceof PlatformFailure ? e : bodySent[0]
            ? PlatformFailure.outcomeUnknown("The upload was sent but no answer came back (" + e.getMessage() + ").", e)
            : new PlatformFailure(io.clipcast.platforms.ErrorKind.RETRYABLE, null,
                "The upload was interrupted before it finished (" + e.getMessage() + ").", 0, e)))
        .eventually(clip::close);
  }

  private static MultiMap copy(MultiMap headers) {
    return MultiMap.caseInsensitiveMultiMap().addAll(headers);
  }
}
