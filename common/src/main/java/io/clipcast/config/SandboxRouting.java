package io.clipcast.config;

import io.vertx.core.json.JsonObject;

/** Points every platform endpoint at the sandbox: {@code platformApis.vk.api} → {@code <sandbox>/vk/api}. Dev mode and tests. */
public final class SandboxRouting {
  private SandboxRouting() {}

  public static void apply(JsonObject config, String sandboxBase) {
    JsonObject apis = config.getJsonObject("platformApis");
    for (String id : apis.fieldNames()) {
      JsonObject endpoints = apis.getJsonObject(id);
      for (String name : endpoints.fieldNames()) endpoints.put(name, sandboxBase + "/" + id + "/" + name);
    }
  }
}
