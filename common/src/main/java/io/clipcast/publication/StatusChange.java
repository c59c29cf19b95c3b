package io.clipcast.publication;

import io.vertx.core.json.JsonObject;

/**
 * A transition that happened (its event row id is the SSE event id). Published on the event bus address
 * {@link #ADDRESS} to every node, so any API node can stream it to the user.
 */
public record StatusChange(long eventId, String publicationId, String userId, String platform, String from, String to,
                           int attempt, String at, JsonObject detail) {
  public static final String ADDRESS = "clipcast.publication.status";

  public JsonObject toJson() {
    return new JsonObject().put("eventId", eventId).put("publicationId", publicationId).put("userId", userId)
        .put("platform", platform).put("from", from).put("to", to).put("attempt", attempt).put("at", at).put("detail", detail);
  }

  public static StatusChange fromJson(JsonObject j) {
    return new StatusChange(j.getLong("eventId"), j.getString("publicationId"), j.getString("userId"), j.getString("platform"),
        j.getString("from"), j.getString("to"), j.getInteger("attempt"), j.getString("at"), j.getJsonObject("detail"));
  }
}
