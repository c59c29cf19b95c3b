package io.clipcast.platforms.rutube;

import io.clipcast.platforms.PlatformFailure;
import io.clipcast.platforms.PublishResult;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/**
 * What a polled video object means for the publication (docs/platforms/rutube.md): {@code ready} → published;
 * {@code error} or {@code is_deleted} → permanent failure with Rutube's {@code action_reason}; any other status
 * (downloading, converting, …) → still pending, checked again on the catalog's rutube {@code recheck} schedule.
 */
final class RutubeVideoState {

  private RutubeVideoState() {}

  static Future<PublishResult> of(String videoId, JsonObject v) {
    JsonObject reason = v.getValue("action_reason") instanceof JsonObject r ? r : null;
    String reasonName = reason == null ? null : reason.getString("name");
    String status = v.getString("status");
    if (v.getBoolean("is_deleted", false)) {
      return Future.failedFuture(PlatformFailure.permanent(reasonName == null ? "deleted" : reasonName,
          "Rutube removed the video" + (reasonName == null ? "." : " (reason: " + reasonName + ").")));
    }
    if ("error".equals(status)) {
      return Future.failedFuture(PlatformFailure.permanent(reasonName == null ? "error" : reasonName, failureMessage(reasonName)));
    }
    if ("ready".equals(status)) {
      JsonObject detail = new JsonObject().put("videoId", videoId).put("status", status).put("isHidden", v.getBoolean("is_hidden", false))
          .put("underModeration", "moderation".equals(reasonName)).put("duration", v.getValue("duration"));
      return Future.succeededFuture(PublishResult.published(videoId, "https://rutube.ru/video/" + videoId + "/", detail));
    }
    return Future.succeededFuture(PublishResult.pending(new JsonObject().put("videoId", videoId).put("status", status)));
  }

  private static String failureMessage(String reason) {
    if (reason == null) return "Rutube could not process the video and gave no reason; check the file plays, then publish again.";
    return switch (reason) {
      case "download_error" -> "Rutube could not download the clip from our link (reason: download_error); publish again to send a fresh link.";
      case "unsupported_file" -> "Rutube could not read the file as a video (reason: unsupported_file); export it as MP4 (H.264/AAC) and publish again.";
      case "file_too_large" -> "The file is larger than Rutube accepts (reason: file_too_large); shorten or compress it and publish again.";
      case "conversion_error" -> "Rutube could not convert the video (reason: conversion_error); check the file plays correctly and publish again.";
      case "moderation" -> "Rutube's moderation did not accept the video (reason: moderation).";
      default -> "Rutube could not process the video (reason: " + reason + ").";
    };
  }
}
