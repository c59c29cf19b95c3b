package io.clipcast.platforms.dzen;

import io.clipcast.platforms.ResumeState;
import io.vertx.core.json.JsonObject;

/**
 * What a Дзен publish saves: when the clip went into the feed (a feed fetch after that moment publishes it). Dzen pulls
 * the feed, so there is no upload or post step to resume. Version 1 is also the layout of rows saved before versions.
 */
public record DzenResume(Long feedSince) implements ResumeState {
  public static final int VERSION = 1;

  public static DzenResume from(JsonObject stored) {
    return new DzenResume(ResumeState.checked(stored, VERSION, "Dzen").getLong("feedSince"));
  }

  @Override public int version() { return VERSION; }

  @Override
  public JsonObject toJson() {
    return ResumeState.stamped(new JsonObject().put("feedSince", feedSince), VERSION);
  }
}
