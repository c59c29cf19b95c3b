package io.clipcast.platforms.tiktok.blotato;

import io.clipcast.platforms.ResumeState;
import io.vertx.core.json.JsonObject;

/**
 * What a TikTok post through Blotato saves: when the submit was sent (Blotato has no lookup, so a lost answer ends
 * unknown instead of submitting twice) and the submission Blotato named. {@code route} tells this record from the direct
 * route's. Version 1 is also the layout of rows saved before versions existed.
 */
public record BlotatoResume(String route, Long submitRequestedAt, String postSubmissionId) implements ResumeState {
  public static final int VERSION = 1;
  static final String ROUTE = "blotato";

  public static BlotatoResume from(JsonObject stored) {
    JsonObject s = ResumeState.checked(stored, VERSION, "Blotato");
    return new BlotatoResume(s.getString("route"), s.getLong("submitRequestedAt"), s.getString("postSubmissionId"));
  }

  BlotatoResume submitting(long at) {
    return new BlotatoResume(ROUTE, at, postSubmissionId);
  }

  /** Blotato refused or was never reached: nothing was created, a retry may submit again. */
  BlotatoResume notSubmitted() {
    return new BlotatoResume(route, null, postSubmissionId);
  }

  BlotatoResume submitted(String id) {
    return new BlotatoResume(route, submitRequestedAt, id);
  }

  @Override public int version() { return VERSION; }

  @Override
  public JsonObject toJson() {
    return ResumeState.stamped(new JsonObject().put("route", route).put("submitRequestedAt", submitRequestedAt)
        .put("postSubmissionId", postSubmissionId), VERSION);
  }
}
