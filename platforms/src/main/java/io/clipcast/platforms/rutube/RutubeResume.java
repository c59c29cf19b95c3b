package io.clipcast.platforms.rutube;

import io.clipcast.platforms.ResumeState;
import io.vertx.core.json.JsonObject;

/**
 * What a Rutube publish saves between steps: when the create call was first sent (so a lost answer is looked for among
 * the user's videos since then), when the last create call was sent without a definite answer yet (Rutube may still
 * carry it out late, so no new create is sent for a grace window after it) and the created video's id. Version 1 is also the layout of rows saved
 * before versions; {@code createUnansweredAt} is absent (null) in rows saved before it existed.
 */
public record RutubeResume(Long createRequestedAt, Long createUnansweredAt, String videoId) implements ResumeState {
  public static final int VERSION = 1;

  public static RutubeResume from(JsonObject stored) {
    JsonObject s = ResumeState.checked(stored, VERSION, "Rutube");
    return new RutubeResume(s.getLong("createRequestedAt"), s.getLong("createUnansweredAt"), s.getString("videoId"));
  }

  RutubeResume createRequested(long at) {
    return new RutubeResume(at, createUnansweredAt, videoId);
  }

  /** {@code at} null: the last create was refused outright, so none is outstanding. */
  RutubeResume createUnanswered(Long at) {
    return new RutubeResume(createRequestedAt, at, videoId);
  }

  RutubeResume created(String id) {
    return new RutubeResume(createRequestedAt, createUnansweredAt, id);
  }

  @Override public int version() { return VERSION; }

  @Override
  public JsonObject toJson() {
    return ResumeState.stamped(new JsonObject().put("createRequestedAt", createRequestedAt).put("createUnansweredAt", createUnansweredAt)
        .put("videoId", videoId), VERSION);
  }
}
