package io.clipcast.sandbox.kit;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The sandbox's own control endpoints ({@code /<platform>/_sandbox/...}): a JSON object in ({} when the body is empty),
 * a JSON object out; a body that is not JSON, or an {@link IllegalArgumentException} from the action, is answered 400
 * {@code {"error"}}.
 */
public final class Control {
  private Control() {}

  /** {@code POST path}: {@code action} turns the body into the answer, sent with {@code status}. */
  public static void post(Router router, String path, int status, Function<JsonObject, JsonObject> action) {
    router.post(path).handler(BodyHandler.create().setBodyLimit(64 * 1024)).handler(ctx -> answer(ctx, status, action));
  }

  /** {@code GET path} shows the settings, {@code POST path} applies the keys given (absent ones stay) and shows them. */
  public static void settings(Router router, String path, Consumer<JsonObject> apply, Supplier<JsonObject> view) {
    router.get(path).handler(ctx -> ctx.json(view.get()));
    post(router, path, 200, b -> {
      apply.accept(b);
      return view.get();
    });
  }

  public static void answer(RoutingContext ctx, int status, Function<JsonObject, JsonObject> action) {
    try {
      JsonObject b = ctx.body().length() == 0 ? new JsonObject() : ctx.body().asJsonObject();
      JsonObject out = action.apply(b == null ? new JsonObject() : b);
      ctx.response().setStatusCode(status);
      ctx.json(out);
    } catch (RuntimeException e) {
      error(ctx, String.valueOf(e.getMessage()));
    }
  }

  public static void error(RoutingContext ctx, String message) {
    ctx.response().setStatusCode(400);
    ctx.json(new JsonObject().put("error", message));
  }
}
