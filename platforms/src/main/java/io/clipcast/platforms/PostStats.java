package io.clipcast.platforms;

import io.vertx.core.json.JsonObject;

/** A post's counters at one moment; {@code raw} keeps the platform's own fields. Unknown counters are null. */
public record PostStats(Long views, Long likes, Long comments, Long shares, JsonObject raw) {}
