package io.clipcast.sandbox.kit;

import io.vertx.ext.web.Router;

/** One platform's simulator: mounts its routes under {@code /<id>/<endpoint name>/…} (as {@code platformApis.<id>} names them). */
public interface Simulator {
  String id();

  void mount(Router router, SandboxKit kit);
}
