package io.clipcast.sandbox.kit;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;

/** Fault injection, shared by every simulator: {@link #take} once per operation; control routes in docs/sandbox.md. */
public final class Faults {
  private final List<Rule> rules = new ArrayList<>();
  private final Pacing pacing = new Pacing();
  private final RateRefusals refusals = new RateRefusals();

  private static final class Rule {
    final Fault fault;
    int remaining;          // -1 = unlimited (probability rules)
    final double probability;
    final Random random;

    Rule(Fault fault, int remaining, double probability, long seed) {
      this.fault = fault;
      this.remaining = remaining;
      this.probability = probability;
      this.random = new Random(seed);
    }
  }

  /** Mounted before the simulators: the refusal counter watches their answers. */
  public void mount(Router router) {
    refusals.mount(router);
    pacing.mount(router);
    router.post("/_sandbox/faults").handler(BodyHandler.create().setBodyLimit(64 * 1024)).handler(this::add);
    router.get("/_sandbox/faults").handler(ctx -> {
      JsonArray items = new JsonArray();
      synchronized (rules) {
        rules.forEach(r -> items.add(r.fault.toJson().put("remaining", r.remaining).put("probability", r.probability)));
      }
      ctx.json(new JsonObject().put("items", items));
    });
    router.delete("/_sandbox/faults").handler(ctx -> {
      String platform = ctx.request().getParam("platform");
      synchronized (rules) {
        rules.removeIf(r -> platform == null || r.fault.platform().equals(platform));
      }
      ctx.response().setStatusCode(204).end();
    });
  }

  private void add(RoutingContext ctx) {
    JsonObject b;
    try {
      b = ctx.body().asJsonObject();
    } catch (RuntimeException e) {
      b = null;
    }
    if (b == null || b.getString("platform") == null || !Fault.KINDS.contains(b.getString("kind", ""))) {
      Control.error(ctx, "need {platform, kind}; kind is one of " + Fault.KINDS);
      return;
    }
    Fault f = new Fault(UUID.randomUUID().toString(), b.getString("platform"), b.getString("kind"), b.getString("match"),
        b.getInteger("status", 503), b.getInteger("retryAfterSeconds", 1), b.getLong("afterBytes", 0L),
        b.getLong("bytesPerSecond", 1_000_000L), b.getLong("delayMs", 0L));
    Double p = b.getDouble("probability");
    Rule rule = new Rule(f, p == null ? b.getInteger("count", 1) : -1, p == null ? 1.0 : p, b.getLong("seed", 42L));
    synchronized (rules) {
      rules.add(rule);
    }
    ctx.response().setStatusCode(201).putHeader("Content-Type", "application/json").end(f.toJson().encode());
  }

  /** The rate-limit refusals given so far, per platform ({@code GET /_sandbox/refusals}). */
  public RateRefusals refusals() {
    return refusals;
  }

  /**
   * The fault to act out for this call of {@code platform}'s {@code operation}, if a rule fires (and is used up);
   * otherwise the platform's {@link Pacing} (an app-wide rate refusal, or the post's processing time as a hang).
   */
  public Optional<Fault> take(String platform, String operation) {
    Optional<Fault> injected = injected(platform, operation);
    return injected.isPresent() ? injected : pacing.take(platform, operation);
  }

  private Optional<Fault> injected(String platform, String operation) {
    synchronized (rules) {
      for (var it = rules.iterator(); it.hasNext(); ) {
        Rule r = it.next();
        Fault f = r.fault;
        if (!f.platform().equals(platform) || (f.match() != null && !operation.contains(f.match()))) continue;
        if (r.remaining < 0) {
          if (r.random.nextDouble() < r.probability) return Optional.of(f);
          continue;
        }
        if (--r.remaining <= 0) it.remove();
        return Optional.of(f);
      }
    }
    return Optional.empty();
  }
}
