package io.clipcast.sandbox.kit;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * How a simulator's handler answers one call. Under a {@code lost_response} fault the work is done but the answer is
 * replaced by a dropped connection, so the client never learns the outcome; {@link #refuse} answers that are never lost
 * (a refusal means the work did not happen). {@link #fault()} is the fault this call drew (null = none), for the kinds
 * a handler acts out itself. Platforms extend it with their error shapes.
 */
public class Reply {
  private final RoutingContext ctx;
  private final Fault fault;
  private final String jsonType;

  public Reply(RoutingContext ctx, Fault fault) {
    this(ctx, fault, "application/json; charset=utf-8");
  }

  public Reply(RoutingContext ctx, Fault fault, String jsonType) {
    this.ctx = ctx;
    this.fault = fault;
    this.jsonType = jsonType;
  }

  public final RoutingContext ctx() {
    return ctx;
  }

  public final Fault fault() {
    return fault;
  }

  public final boolean drawn(String kind) {
    return fault != null && fault.kind().equals(kind);
  }

  /** A JSON answer, lost under {@code lost_response}. */
  public void json(int status, JsonObject body) {
    send(status, jsonType, encode(body));
  }

  /** A JSON refusal: never lost. */
  public void refuse(int status, JsonObject body) {
    ctx.response().setStatusCode(status).putHeader("Content-Type", jsonType).end(encode(body));
  }

  /** An OAuth endpoint's error, RFC 6749 style: {@code {"error","error_description"}}. */
  public void oauthError(int status, String error, String description) {
    json(status, new JsonObject().put("error", error).put("error_description", description));
  }

  /** Any body, lost under {@code lost_response}. */
  public final void send(int status, String contentType, String body) {
    if (lost()) return;
    ctx.response().setStatusCode(status).putHeader("Content-Type", contentType).end(body);
  }

  /** An answer with headers only, lost under {@code lost_response}. */
  public final void empty(int status, String... headerPairs) {
    if (lost()) return;
    for (int i = 0; i + 1 < headerPairs.length; i += 2) ctx.response().putHeader(headerPairs[i], headerPairs[i + 1]);
    ctx.response().setStatusCode(status).end();
  }

  /** Browser pages are never lost. */
  public final void html(int status, String page) {
    ctx.response().setStatusCode(status).putHeader("Content-Type", "text/html; charset=utf-8").end(page);
  }

  public final void redirect(String location) {
    if (lost()) return;
    ctx.response().setStatusCode(302).putHeader("Location", location).putHeader("Cache-Control", "no-store").end();
  }

  protected String encode(JsonObject body) {
    return body.encode();
  }

  /** True (and the connection dropped) when this answer is to be lost. */
  protected final boolean lost() {
    if (!drawn("lost_response")) return false;
    FaultActions.dropConnection(ctx);
    return true;
  }
}
