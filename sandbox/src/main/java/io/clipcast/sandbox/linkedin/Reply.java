package io.clipcast.sandbox.linkedin;

import io.clipcast.sandbox.kit.Fault;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** A kit reply in LinkedIn's shapes; refusals (Rest.li and OAuth errors) are never lost. */
final class Reply extends io.clipcast.sandbox.kit.Reply {
  Reply(RoutingContext ctx, Fault fault) {
    super(ctx, fault, "application/json");
  }

  /** LinkedIn's Rest.li error envelope {@code {"status","serviceErrorCode","code","message"}}. */
  void error(int status, String code, Integer serviceErrorCode, String message) {
    JsonObject body = new JsonObject().put("status", status);
    if (serviceErrorCode != null) body.put("serviceErrorCode", serviceErrorCode);
    if (code != null) body.put("code", code);
    refuse(status, body.put("message", message));
  }

  @Override
  public void oauthError(int status, String error, String description) {
    refuse(status, new JsonObject().put("error", error).put("error_description", description));
  }
}
