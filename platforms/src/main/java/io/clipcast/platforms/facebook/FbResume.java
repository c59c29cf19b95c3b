package io.clipcast.platforms.facebook;

import io.clipcast.platforms.ResumeState;
import io.vertx.core.json.JsonObject;

/**
 * What a Facebook reel publish saves between steps: the reel Meta opened ({@code videoId}, its rupload URL), that every
 * byte is there, when the finish was sent, that it arrived, and that the reel is published. Version 1 is also the layout
 * of rows saved before versions existed.
 */
public record FbResume(String videoId, String uploadUrl, boolean uploaded, boolean finished, Long finishRequestedAt, boolean published)
    implements ResumeState {
  public static final int VERSION = 1;

  public static FbResume from(JsonObject stored) {
    JsonObject s = ResumeState.checked(stored, VERSION, "Facebook");
    return new FbResume(s.getString("videoId"), s.getString("uploadUrl"), s.getBoolean("uploaded", false), s.getBoolean("finished", false),
        s.getLong("finishRequestedAt"), s.getBoolean("published", false));
  }

  /** A new reel: nothing uploaded or finished on it yet. */
  FbResume started(String videoId, String uploadUrl) {
    return new FbResume(videoId, uploadUrl, false, false, finishRequestedAt, published);
  }

  FbResume uploadedNow() {
    return new FbResume(videoId, uploadUrl, true, finished, finishRequestedAt, published);
  }

  FbResume finishRequested(long at) {
    return new FbResume(videoId, uploadUrl, uploaded, finished, at, published);
  }

  /** Meta answered the finish with a refusal: it did not arrive, so the next attempt sends it again. */
  FbResume finishRefused() {
    return new FbResume(videoId, uploadUrl, uploaded, finished, null, published);
  }

  FbResume finishedNow() {
    return new FbResume(videoId, uploadUrl, uploaded, true, finishRequestedAt, published);
  }

  FbResume publishedNow() {
    return new FbResume(videoId, uploadUrl, uploaded, finished, finishRequestedAt, true);
  }

  @Override public int version() { return VERSION; }

  @Override
  public JsonObject toJson() {
    return ResumeState.stamped(new JsonObject().put("videoId", videoId).put("uploadUrl", uploadUrl).put("uploaded", uploaded)
        .put("finished", finished).put("finishRequestedAt", finishRequestedAt).put("published", published), VERSION);
  }
}
