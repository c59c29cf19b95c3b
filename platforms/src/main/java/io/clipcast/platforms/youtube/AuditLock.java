package io.clipcast.platforms.youtube;

import io.clipcast.platforms.PublishResult;
import io.vertx.core.json.JsonObject;

/**
 * A processed video's {@code status.privacyStatus} against what was asked. YouTube locks every video that an unaudited
 * Google project uploads to private (docs/platforms/youtube.md, "Registering the app and what review it needs"), and
 * shows the lock in the video's status once it is processed. Such an upload is still published — the video exists on the
 * channel — but only its owner can watch it: the publication keeps the owner's YouTube Studio link instead of the public
 * Shorts link, and a {@code note} that says why and what to do.
 */
final class AuditLock {
  static final String SHORTS_URL = "https://www.youtube.com/shorts/";
  static final String STUDIO_URL = "https://studio.youtube.com/video/";

  private final boolean audited;

  /** {@code audited}: {@code oauth.clients.youtube.audited}, what the deployment says of its Google project. */
  AuditLock(boolean audited) {
    this.audited = audited;
  }

  /** The published result for processed video {@code id}, which was asked to be {@code asked} (public|unlisted|private). */
  PublishResult published(String id, String asked, JsonObject detail) {
    String actual = detail.getString("privacyStatus");
    detail.put("watchUrl", "https://www.youtube.com/watch?v=" + id).put("requestedPrivacy", asked);
    if (!"private".equals(actual) || "private".equals(asked)) return PublishResult.published(id, SHORTS_URL + id, detail);
    String note = audited
        ? "Uploaded as private: YouTube locked the video to private although this Google project is marked as verified "
          + "(oauth.clients.youtube.audited is true). Check that the project has passed YouTube's API audit; the channel owner can "
          + "then make the video " + asked + " in YouTube Studio. See docs/platforms/youtube.md."
        : "Uploaded as private: this Google project is not verified. YouTube locks every video an unaudited API project uploads "
          + "to private, so only the channel owner can see it. Once the project passes YouTube's API audit (then set "
          + "oauth.clients.youtube.audited to true), the owner can make it " + asked + " in YouTube Studio. See docs/platforms/youtube.md.";
    return PublishResult.published(id, STUDIO_URL + id + "/edit", detail.put("lockedPrivate", true).put("note", note));
  }
}
