package io.clipcast.platforms.http;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;

/** The platform's answer to an upload: status, headers and the (small) body. */
public record UploadResponse(int status, MultiMap headers, Buffer body) {
  /** The body as JSON, or null when it is not a JSON object. */
  public JsonObject json() {
    try {
      return body.toJsonObject();
    } catch (RuntimeException e) {
      return null;
    }
  }
}
