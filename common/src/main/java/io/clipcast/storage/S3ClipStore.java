package io.clipcast.storage;

import io.minio.GetPresignedObjectUrlArgs;
import io.minio.MinioAsyncClient;
import io.minio.RemoveObjectArgs;
import io.minio.StatObjectArgs;
import io.minio.http.Method;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.streams.ReadStream;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Clips in an S3-compatible bucket (Yandex Object Storage, MinIO, R2, AWS). The MinIO client signs
 * requests and makes the small calls; uploads go through {@link S3MultipartUpload} (bounded memory, no
 * thread held per upload) and downloads are a GET of a short-lived presigned URL through the Vert.x HTTP
 * client, so the body arrives as a Vert.x stream with backpressure.
 */
public final class S3ClipStore implements ClipStore {
  /** S3's smallest part (but the last); also our part buffer, so memory per upload stays around two parts. */
  static final int MIN_PART_BYTES = 5 * 1024 * 1024;
  private static final int MAX_PARTS = 10_000;
  private static final Duration READ_URL_TTL = Duration.ofMinutes(5);
  private static final Pattern ERROR_CODE = Pattern.compile("<Code>([^<]+)</Code>");
  private static final Map<String, String> CONTENT_TYPES = Map.of(
      "mp4", "video/mp4", "m4v", "video/mp4", "mov", "video/quicktime", "webm", "video/webm",
      "mkv", "video/x-matroska", "jpg", "image/jpeg", "jpeg", "image/jpeg", "png", "image/png");

  private final Vertx vertx;
  private final MinioAsyncClient client;
  private final HttpClientAgent http;
  private final String bucket;
  private final long maxUploadBytes;
  private final int partSize;

  public S3ClipStore(Vertx vertx, StorageSettings.S3 s3, long maxUploadBytes) {
    this.vertx = vertx;
    this.client = MinioAsyncClient.builder()
        .endpoint(s3.endpoint())
        .region(s3.region()) // a known region spares a GetBucketLocation round trip before each call
        .credentials(s3.accessKey(), s3.secretKey())
        .build();
    if (s3.pathStyle()) {
      client.disableVirtualStyleEndpoint();
    } else {
      client.enableVirtualStyleEndpoint();
    }
    this.http = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true), new PoolOptions().setHttp1MaxSize(32));
    this.bucket = s3.bucket();
    this.maxUploadBytes = maxUploadBytes;
    this.partSize = partSizeFor(maxUploadBytes);
  }

  /** The smallest part size (a whole MiB, at least S3's 5 MiB) with which the largest allowed upload fits in 10,000 parts. */
  static int partSizeFor(long maxUploadBytes) {
    long mib = 1024 * 1024;
    long needed = (maxUploadBytes + MAX_PARTS - 1) / MAX_PARTS;
    long rounded = (needed + mib - 1) / mib * mib;
    return (int) Math.min(Integer.MAX_VALUE - mib, Math.max(MIN_PART_BYTES, rounded));
  }

  @Override
  public Future<StoredObject> put(String key, ReadStream<Buffer> body, long expectedSize) {
    Context ctx = vertx.getOrCreateContext();
    return StreamedUpload.run(key, body, expectedSize, maxUploadBytes,
        () -> Future.succeededFuture(new S3MultipartUpload(ctx, client, bucket, key, contentType(key), partSize)));
  }

  @Override
  public Future<ClipStream> open(String key) {
    String url;
    try {
      url = presign(ClipKeys.check(key), Method.GET, READ_URL_TTL);
    } catch (Exception e) {
      return Future.failedFuture(e);
    }
    return http.request(new RequestOptions().setMethod(HttpMethod.GET).setAbsoluteURI(url))
        .compose(req -> req.send().compose(resp -> {
          resp.pause(); // nothing may flow before the reader has set its handlers
          if (resp.statusCode() == 200) {
            String length = resp.getHeader("Content-Length");
            if (length == null) {
              req.reset();
              return Future.failedFuture(new ClipStoreException("The S3 store sent '" + key + "' without a Content-Length."));
            }
            // resetting a finished exchange does nothing; an abandoned one is cut so its connection is not reused
            Closer closer = new Closer(() -> req.reset().otherwiseEmpty());
            return Future.succeededFuture(new ClipStream(key, Long.parseLong(length), resp, closer::close));
          }
          return failure(resp, key);
        }));
  }

  @Override
  public Future<Void> delete(String key) {
    Context ctx = vertx.getOrCreateContext();
    try {
      RemoveObjectArgs args = RemoveObjectArgs.builder().bucket(bucket).object(ClipKeys.check(key)).build();
      return MinioCalls.on(ctx, () -> client.removeObject(args));
    } catch (ClipStoreException | IllegalArgumentException e) {
      return Future.failedFuture(e);
    }
  }

  @Override
  public Future<Boolean> exists(String key) {
    Context ctx = vertx.getOrCreateContext();
    try {
      StatObjectArgs args = StatObjectArgs.builder().bucket(bucket).object(ClipKeys.check(key)).build();
      return MinioCalls.on(ctx, () -> client.statObject(args))
          .map(stat -> true)
          .recover(err -> MinioCalls.notFound(err) ? Future.succeededFuture(false) : Future.failedFuture(err));
    } catch (ClipStoreException | IllegalArgumentException e) {
      return Future.failedFuture(e);
    }
  }

  @Override
  public Future<String> presignedGetUrl(String key, Duration ttl) {
    if (ttl.compareTo(Duration.ofSeconds(1)) < 0 || ttl.getSeconds() > StorageSettings.MAX_PRESIGN_SECONDS) {
      return Future.failedFuture(new IllegalArgumentException("A presigned URL lives 1 s to 7 days; asked for " + ttl + "."));
    }
    try {
      return Future.succeededFuture(presign(ClipKeys.check(key), Method.GET, ttl));
    } catch (Exception e) {
      return Future.failedFuture(e);
    }
  }

  @Override
  public Future<Void> close() {
    return http.close().eventually(() -> vertx.executeBlocking(() -> {
      client.close();
      return null;
    }));
  }

  /** Signing is local work: with the region configured, MinIO makes no request here. */
  private String presign(String key, Method method, Duration ttl) throws Exception {
    return client.getPresignedObjectUrl(GetPresignedObjectUrlArgs.builder()
        .method(method).bucket(bucket).object(key).expiry((int) ttl.getSeconds(), TimeUnit.SECONDS).build());
  }

  private static Future<ClipStream> failure(HttpClientResponse resp, String key) {
    Future<Buffer> body = resp.body();
    resp.resume();
    return body.otherwise(Buffer.buffer()).compose(b -> {
      Matcher m = ERROR_CODE.matcher(b.toString());
      String code = m.find() ? m.group(1) : "";
      if (resp.statusCode() == 404) {
        return Future.failedFuture(new ClipNotFoundException(key));
      }
      return Future.failedFuture(new ClipStoreException("The S3 store answered " + resp.statusCode()
          + (code.isEmpty() ? "" : " " + code) + " to a GET of '" + key + "'"
          + (resp.statusCode() == 403 ? "; check storage.s3.accessKey/secretKey and the bucket policy." : ".")));
    });
  }

  static String contentType(String key) {
    int dot = key.lastIndexOf('.');
    String ext = dot < 0 ? "" : key.substring(dot + 1).toLowerCase(Locale.ROOT);
    return CONTENT_TYPES.getOrDefault(ext, "application/octet-stream");
  }
}
