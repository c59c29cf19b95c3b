package io.clipcast.api;

import io.clipcast.sandbox.SandboxVerticle;
import io.clipcast.testing.TestServices;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.util.concurrent.TimeUnit;

/** The platform sandbox on a free port in its own Vert.x, for API tests that talk to real (simulated) platforms. */
public final class TestSandbox implements AutoCloseable {
  public final Vertx vertx = Vertx.vertx();
  public final String base;

  public TestSandbox() throws Exception {
    int port = TestServices.freePort();
    vertx.deployVerticle(SandboxVerticle::new, new DeploymentOptions().setConfig(new JsonObject().put("host", "127.0.0.1").put("port", port)))
        .await(30, TimeUnit.SECONDS);
    base = "http://127.0.0.1:" + port;
  }

  @Override
  public void close() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }
}
