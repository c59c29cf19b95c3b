package io.clipcast.platforms.conformance;

import io.clipcast.platforms.ConnectedAccount;
import io.clipcast.platforms.PlatformConnector;
import io.clipcast.platforms.testing.TestPublishContext;
import io.vertx.core.json.JsonObject;

import java.nio.file.Path;
import java.util.List;

/**
 * One connector (or route) under the {@link ConnectorConformanceTest}: its sandbox, a fresh account per case, the sandbox's
 * ledger and faults, and how each case is set up on this platform. A platform joins the suite by listing its fixture in
 * {@code META-INF/services/io.clipcast.platforms.conformance.ConformanceFixture} (test resources).
 */
public interface ConformanceFixture extends AutoCloseable {
  /** How the suite names it: the platform id, or {@code platform/route}. */
  String name();

  /** Deploys the sandbox and the connector (called once, before the first case). */
  void start() throws Exception;

  PlatformConnector connector();

  /** Clears faults and the ledger and puts the simulator's settings back (before every case). */
  void reset();

  /** A fresh account on the sandbox and an attempt publishing the suite's clip to it, its store under {@code store}. */
  TestPublishContext context(Path store) throws Exception;

  /** Posts the sandbox's ledger holds for the account of {@code ctx}. */
  List<JsonObject> posts(TestPublishContext ctx);

  /** Adds a fault rule (the fixture sets the platform). */
  void fault(JsonObject rule);

  /** The same account with newly issued tokens, as the pipeline's refresh brings them. */
  ConnectedAccount renewed(ConnectedAccount account) throws Exception;

  /**
   * What a resume must end in after the worker died right after checkpoint {@code n} (1-based), {@code saved} being what
   * that checkpoint changed: one post (the default), or a declared {@code unknown} where the platform gives no way to
   * tell whether the step that was about to be sent went out.
   */
  default Applies<Boolean> resumesToOnePostAfterDeathAt(int n, JsonObject saved) {
    return Applies.to(true);
  }

  /** Whether a post reaches the sandbox's ledger through the connector alone (not when the platform pulls a feed the API serves). */
  default Applies<Boolean> postsReachTheLedger() {
    return Applies.to(true);
  }

  /** A fault that lets the final step happen on the platform but loses its answer. */
  Applies<JsonObject> lostFinalAnswer();

  /** A fault that refuses the access token as expired at a step after the first checkpoint. */
  Applies<JsonObject> expiredTokenMidway();

  /** A fault (or setting) that makes the platform refuse the post for good, and the text of the platform's reason. */
  Applies<Refusal> permanentRefusal();

  /** A fault that answers with the platform's rate limit. */
  Applies<JsonObject> rateLimit();

  /** Makes the platform process slowly enough that an attempt ends pending ({@code slow}) or back to quick. */
  Applies<java.util.function.Consumer<Boolean>> slowProcessing();

  /**
   * A refusal: the fault to add (or null) and how the attempt is set up (e.g. a community the user may not post in), and
   * a fragment of the platform's own message the failure must carry.
   */
  record Refusal(JsonObject fault, java.util.function.Consumer<TestPublishContext> setup, String platformMessage) {
    public static Refusal byFault(JsonObject fault, String platformMessage) {
      return new Refusal(fault, ctx -> {}, platformMessage);
    }
  }
}
