package io.clipcast.platforms.youtube;

import io.clipcast.platforms.ResumeState;
import io.vertx.core.json.JsonObject;

/**
 * What a YouTube publish saves between steps: the quota reservation held for the session start, the resumable session
 * ({@code sessionUri}, the clip's {@code total} bytes, when it started), the session YouTube forgot ({@code expiredSession})
 * and the uploaded video's id. Version 1 is also the layout of rows saved before versions existed.
 */
public record YouTubeResume(JsonObject quotaHold, String sessionUri, Long total, Long sessionStartedAt, String expiredSession,
                            String videoId, Long uploadedAt) implements ResumeState {
  public static final int VERSION = 1;

  public static YouTubeResume from(JsonObject stored) {
    JsonObject s = ResumeState.checked(stored, VERSION, "YouTube");
    JsonObject hold = s.getJsonObject("quotaHold");
    return new YouTubeResume(hold == null ? null : hold.copy(), s.getString("sessionUri"), s.getLong("total"), s.getLong("sessionStartedAt"),
        s.getString("expiredSession"), s.getString("videoId"), s.getLong("uploadedAt"));
  }

  YouTubeResume held(JsonObject hold) {
    return new YouTubeResume(hold, sessionUri, total, sessionStartedAt, expiredSession, videoId, uploadedAt);
  }

  /** A session started: the quota hold is spent on it. */
  YouTubeResume session(String uri, long total, long startedAt) {
    return new YouTubeResume(null, uri, total, startedAt, expiredSession, videoId, uploadedAt);
  }

  /** YouTube no longer knows the session: it is set aside and a new one may start. */
  YouTubeResume sessionExpired() {
    return new YouTubeResume(quotaHold, null, total, sessionStartedAt, sessionUri, videoId, uploadedAt);
  }

  YouTubeResume uploaded(String id, long at) {
    return new YouTubeResume(quotaHold, sessionUri, total, sessionStartedAt, expiredSession, id, at);
  }

  @Override public int version() { return VERSION; }

  @Override
  public JsonObject toJson() {
    return ResumeState.stamped(new JsonObject().put("quotaHold", quotaHold).put("sessionUri", sessionUri).put("total", total)
        .put("sessionStartedAt", sessionStartedAt).put("expiredSession", expiredSession).put("videoId", videoId)
        .put("uploadedAt", uploadedAt), VERSION);
  }
}
