package io.clipcast.platforms.telegram;

import io.clipcast.platforms.ClipSource;
import io.clipcast.platforms.ConnectedAccount;
import io.clipcast.platforms.ErrorKind;
import io.clipcast.platforms.PlatformFailure;
import io.clipcast.platforms.PublishContext;
import io.clipcast.platforms.PublishResult;
import io.clipcast.platforms.http.FilePart;
import io.clipcast.platforms.http.StreamingUpload;
import io.clipcast.platforms.http.UploadResponse;
import io.vertx.core.Future;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One publish attempt: the clip streamed to {@code sendVideo} as multipart. Telegram offers no way to ask whether a
 * message was posted, so (docs/architecture.md "Redis queue") {@code sendStarted} is saved before the request goes out and cleared only when
 * Telegram's answer, or a failure before the last byte was sent, proves nothing was posted. A request sent in full with
 * no answer — and any attempt that stopped without clearing the mark — ends {@link ErrorKind#OUTCOME_UNKNOWN}, now and
 * on every later attempt: the video is never sent twice. A posted message's ids are saved too, so a retry after it
 * reports the same post.
 */
final class VideoPost {
  private final HttpClient uploads;
  private final String base;
  private final long maxFileBytes;

  VideoPost(HttpClient uploads, String base, long maxFileBytes) {
    this.uploads = uploads;
    this.base = base;
    this.maxFileBytes = maxFileBytes;
  }

  Future<PublishResult> publish(PublishContext ctx) {
    TelegramResume state = ctx.resumed(TelegramResume::from);
    if (state.messageId() != null) {
      return Future.succeededFuture(PublishResult.published(state.externalId(), state.url(), state.detail()));
    }
    if (state.sendStarted()) {
      return Future.failedFuture(PlatformFailure.outcomeUnknown(state.requestSent()
          ? "An earlier attempt sent the video to Telegram but no answer came back, so it may already be in " + chat(ctx)
            + ". Check the channel: if the video is not there, retry the post."
          : "An earlier attempt stopped while sending the video to Telegram, so it may already be in " + chat(ctx)
            + ". Check the channel: if the video is not there, retry the post.", null));
    }
    ClipSource clip = ctx.clip();
    if (clip.sizeBytes() > maxFileBytes) {
      return Future.failedFuture(PlatformFailure.permanent("413", "Telegram accepts videos up to " + megabytes(maxFileBytes)
          + " MB from this bot; this clip is " + megabytes(clip.sizeBytes()) + " MB. Send a smaller file."));
    }
    ConnectedAccount account = ctx.account();
    TelegramResume started = TelegramResume.started(account.externalAccountId());
    return ctx.checkpoint(started)
        .compose(v -> send(ctx, clip, account)
            .transform(ar -> ar.succeeded() ? answered(ctx, started, ar.result()) : unanswered(ctx, started, ar.cause())));
  }

  private Future<UploadResponse> send(PublishContext ctx, ClipSource clip, ConnectedAccount account) {
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put("chat_id", account.externalAccountId());
    if (ctx.caption() != null && !ctx.caption().isBlank()) fields.put("caption", ctx.caption());   // plain text: no parse_mode
    fields.put("supports_streaming", "true");
    fields.put("width", Integer.toString(clip.width()));
    fields.put("height", Integer.toString(clip.height()));
    fields.put("duration", Long.toString(Math.round(clip.durationSec())));
    RequestOptions request = new RequestOptions().setMethod(HttpMethod.POST)
        .setAbsoluteURI(base + "/bot" + account.accessToken() + "/sendVideo");
    return clip.open().compose(stream -> StreamingUpload.multipart(uploads, request, fields,
        new FilePart("video", clip.fileName(), clip.contentType()), stream, ctx::progress));
  }

  /** Telegram answered: the posted message, or a refusal (nothing was posted). */
  private Future<PublishResult> answered(PublishContext ctx, TelegramResume started, UploadResponse response) {
    JsonObject body = response.json();
    JsonObject message = body != null && body.getBoolean("ok", false) ? body.getJsonObject("result") : null;
    if (response.status() == 200 && message != null && message.getValue("message_id") instanceof Number) {
      // The answer's chat is current (a channel may have gained or dropped its @username since it was connected).
      JsonObject chat = message.getJsonObject("chat");
      JsonObject known = ctx.account().metadata() == null ? new JsonObject() : ctx.account().metadata();
      long chatId = chat != null && chat.getValue("id") instanceof Number n ? n.longValue() : Long.parseLong(ctx.account().externalAccountId());
      String username = chat != null ? chat.getString("username") : known.getString("username");
      long messageId = message.getLong("message_id");
      JsonObject video = message.getJsonObject("video", new JsonObject());
      TelegramResume posted = TelegramResume.posted(chatId, messageId, PostLinks.of(chatId, username, messageId), video.getString("file_id"),
          video.getString("file_unique_id"), video.getLong("file_size"));
      // The message is live whatever happens to this save: the result carries the same ids.
      return ctx.checkpoint(posted).otherwiseEmpty()
          .map(v -> PublishResult.published(posted.externalId(), posted.url(), posted.detail()));
    }
    if (response.status() == 200) {
      return Future.failedFuture(PlatformFailure.outcomeUnknown("Telegram answered the upload with something other than the posted"
          + " message, so it may already be in " + chat(ctx) + ". Check the channel: if the video is not there, retry the post.", null));
    }
    return notPosted(ctx, started, BotApiFailures.of(response, ctx.account()));
  }

  /** No answer: sent in full → unknown (sendStarted stays); stopped before the last byte → nothing was posted. */
  private Future<PublishResult> unanswered(PublishContext ctx, TelegramResume started, Throwable failure) {
    String token = ctx.account().accessToken();
    String reason = reason(failure, token);
    Throwable cause = mentions(failure, token) ? null : failure;   // kept for the logs unless it carries the token
    if (failure instanceof PlatformFailure f && f.kind() == ErrorKind.OUTCOME_UNKNOWN) {
      PlatformFailure unknown = PlatformFailure.outcomeUnknown("The video was sent to Telegram but no answer came back (" + reason
          + "), so it may already be in " + chat(ctx) + ". Check the channel: if the video is not there, retry the post.", cause);
      return ctx.checkpoint(started.sent()).transform(ar -> Future.failedFuture(unknown));
    }
    return notPosted(ctx, started, new PlatformFailure(ErrorKind.RETRYABLE, null, "The video could not be sent to Telegram in full (" + reason
        + "); it will be sent again.", 0, cause));
  }

  private static Future<PublishResult> notPosted(PublishContext ctx, TelegramResume started, PlatformFailure failure) {
    return ctx.checkpoint(started.notPosted())
        .transform(ar -> Future.failedFuture(failure));
  }

  private static String chat(PublishContext ctx) {
    return "\"" + ctx.account().displayName() + "\"";
  }

  /** What went wrong at the bottom, without the bot token (it is part of every Bot API URL). */
  private static String reason(Throwable e, String token) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) root = root.getCause();
    String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    return token == null ? message : message.replace(token, "<bot token>");
  }

  private static boolean mentions(Throwable e, String token) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (token != null && t.getMessage() != null && t.getMessage().contains(token)) return true;
    }
    return false;
  }

  /** Decimal megabytes, rounded up to 0.1 so a file just over the limit does not read as equal to it. */
  static String megabytes(long bytes) {
    long tenths = (bytes + 99_999) / 100_000;
    return tenths % 10 == 0 ? Long.toString(tenths / 10) : (tenths / 10) + "." + (tenths % 10);
  }
}
