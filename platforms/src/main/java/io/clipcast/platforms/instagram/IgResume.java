package io.clipcast.platforms.instagram;

import io.clipcast.platforms.ResumeState;
import io.vertx.core.json.JsonObject;

/**
 * What an Instagram reel publish saves between steps: the container ({@code containerId}, its rupload URI, the upload
 * mode), that its bytes are there, when {@code media_publish} was first sent, the published media's id and its link.
 * Version 1 is also the layout of rows saved before versions existed.
 */
public record IgResume(String containerId, String uploadUri, String mode, boolean uploaded, Long publishRequestedAt, String mediaId,
                       String permalink, String shortcode) implements ResumeState {
  public static final int VERSION = 1;

  public static IgResume from(JsonObject stored) {
    JsonObject s = ResumeState.checked(stored, VERSION, "Instagram");
    return new IgResume(s.getString("containerId"), s.getString("uploadUri"), s.getString("mode"), s.getBoolean("uploaded", false),
        s.getLong("publishRequestedAt"), s.getString("mediaId"), s.getString("permalink"), s.getString("shortcode"));
  }

  /** A new container (the first, or one replacing an expired container): a URL container needs no upload. */
  IgResume container(String id, String uri, String mode) {
    return new IgResume(id, uri, mode, "url".equals(mode), null, mediaId, permalink, shortcode);
  }

  IgResume uploadedNow() {
    return new IgResume(containerId, uploadUri, mode, true, publishRequestedAt, mediaId, permalink, shortcode);
  }

  IgResume publishRequested(long at) {
    return new IgResume(containerId, uploadUri, mode, uploaded, at, mediaId, permalink, shortcode);
  }

  IgResume media(String id) {
    return new IgResume(containerId, uploadUri, mode, uploaded, publishRequestedAt, id, permalink, shortcode);
  }

  IgResume link(String permalink, String shortcode) {
    return new IgResume(containerId, uploadUri, mode, uploaded, publishRequestedAt, mediaId, permalink, shortcode);
  }

  @Override public int version() { return VERSION; }

  @Override
  public JsonObject toJson() {
    return ResumeState.stamped(new JsonObject().put("containerId", containerId).put("uploadUri", uploadUri).put("mode", mode)
        .put("uploaded", uploaded).put("publishRequestedAt", publishRequestedAt).put("mediaId", mediaId).put("permalink", permalink)
        .put("shortcode", shortcode), VERSION);
  }
}
