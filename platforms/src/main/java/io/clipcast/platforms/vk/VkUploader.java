package io.clipcast.platforms.vk;

import io.clipcast.platforms.ClipSource;
import io.clipcast.platforms.PlatformFailure;
import io.clipcast.platforms.PublishContext;
import io.clipcast.platforms.http.FilePart;
import io.clipcast.platforms.http.StreamingUpload;
import io.clipcast.platforms.http.UploadResponse;
import io.vertx.core.Future;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;

import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Streams the clip to {@code video.save}'s upload URL as the multipart field {@code video_file} (docs/platforms/vk.md
 * "Step 2"). Answers the upload host's JSON; fails with {@link UrlGone} when the URL no longer takes uploads (used or
 * expired: save again), and otherwise with a classified {@link PlatformFailure} (StreamingUpload's RETRYABLE /
 * OUTCOME_UNKNOWN pass through for the caller to check).
 */
final class VkUploader {
  private static final Set<String> EXTENSIONS = Set.of("avi", "mp4", "3gp", "mpeg", "mpg", "mov", "mp3", "flv", "wmv");

  /** The upload URL is spent or expired: reserve the video again with video.save. */
  static final class UrlGone extends RuntimeException {
    UrlGone(String message) {
      super(message, null, false, false);
    }
  }

  private final HttpClient http;
  private final VkTimeouts timeouts;

  VkUploader(HttpClient http, VkTimeouts timeouts) {
    this.http = http;
    this.timeouts = timeouts;
  }

  Future<JsonObject> upload(String uploadUrl, PublishContext ctx) {
    ClipSource clip = ctx.clip();
    RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setAbsoluteURI(uploadUrl).setConnectTimeout(timeouts.connectMs());
    FilePart part = new FilePart("video_file", fileName(clip), clip.contentType());
    return clip.open()
        .recover(e -> Future.failedFuture(PlatformFailure.retryable(null, "The clip could not be read from storage (" + e.getMessage()
            + "); it will be retried.")))
        .compose(stream -> StreamingUpload.multipart(http, options, Map.of(), part, stream, ctx::progress))
        .compose(VkUploader::answer);
  }

  private static Future<JsonObject> answer(UploadResponse r) {
    JsonObject body = r.json();
    if (r.status() == 404 || r.status() == 410) return Future.failedFuture(new UrlGone("VK's upload address is used up or expired"));
    if (r.status() == 413) {
      return Future.failedFuture(PlatformFailure.permanent("http_413", "VK refused the file as too large. Upload a smaller clip."));
    }
    if (r.status() == 400) {
      String said = body == null ? r.body().toString() : String.valueOf(body.getValue("error"));
      return Future.failedFuture(PlatformFailure.permanent("http_400", "VK's upload server refused the file (" + said
          + "). VK takes MP4, MOV, AVI, 3GP, MPEG, FLV and WMV."));
    }
    if (r.status() != 200) return Future.failedFuture(VkErrors.http(r.status(), "the upload", VkIdClient.retryAfterMs(r.headers().get("Retry-After"))));
    if (body == null || body.containsKey("error")) {
      return Future.failedFuture(PlatformFailure.retryable("22", "VK's upload server reported an error ("
          + (body == null ? "unreadable answer" : String.valueOf(body.getValue("error"))) + "); it will be retried."));
    }
    return Future.succeededFuture(body);
  }

  /** The clip's name, with an extension VK's upload host accepts (it goes by the name). */
  static String fileName(ClipSource clip) {
    String name = clip.fileName() == null || clip.fileName().isBlank() ? "clip" : clip.fileName();
    int dot = name.lastIndexOf('.');
    if (dot > 0 && EXTENSIONS.contains(name.substring(dot + 1).toLowerCase(Locale.ROOT))) return name;
    String type = clip.contentType() == null ? "" : clip.contentType().toLowerCase(Locale.ROOT);
    String ext = switch (type) {
      case "video/quicktime" -> "mov";
      case "video/x-msvideo" -> "avi";
      case "video/3gpp" -> "3gp";
      case "video/mpeg" -> "mpeg";
      case "video/x-flv" -> "flv";
      case "video/x-ms-wmv" -> "wmv";
      default -> "mp4";
    };
    return name + "." + ext;
  }
}
