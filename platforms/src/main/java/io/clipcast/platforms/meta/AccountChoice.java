package io.clipcast.platforms.meta;

import io.clipcast.platforms.CredentialsRejected;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Which of the granted accounts (Pages, or Instagram accounts linked to Pages) one connection is for: the one the
 * callback names in {@code params.pageId} (or {@code params.account}), else the only one. Several and none named is
 * refused with the choices listed, so the user can connect again granting just one (Facebook's dialog lets them pick
 * Pages) or the frontend can pass the id.
 */
public final class AccountChoice {
  private AccountChoice() {}

  /** {@code candidates} each have {@code id} (what {@code params} may name) and {@code label} (what the user sees). */
  public static JsonObject pick(List<JsonObject> candidates, JsonObject params, String what, String platform) {
    String wanted = params == null ? null : params.getString("pageId", params.getString("account"));
    if (wanted != null) {
      return candidates.stream().filter(c -> wanted.equals(c.getString("id")) || wanted.equals(c.getString("altId"))).findFirst()
          .orElseThrow(() -> new CredentialsRejected("params.pageId", "The sign-in did not grant access to " + what + " " + wanted
              + ". Connect " + platform + " again and select it in Facebook's dialog."));
    }
    if (candidates.size() == 1) return candidates.get(0);
    String list = candidates.stream().map(c -> c.getString("label") + " (pageId " + c.getString("id") + ")").collect(Collectors.joining("; "));
    throw new CredentialsRejected("params.pageId", "This Facebook sign-in manages several " + what + "s: " + list + ". One connection"
        + " publishes to one " + what + ": connect " + platform + " again and select only that one in Facebook's dialog, or pass its"
        + " id as params.pageId with the callback.", new io.vertx.core.json.JsonObject().put("choices", new io.vertx.core.json.JsonArray(
            candidates.stream().map(c -> new io.vertx.core.json.JsonObject().put("id", c.getString("id")).put("label", c.getString("label")))
                .toList())));
  }
}
