package io.clipcast.platforms;

import io.vertx.core.json.JsonObject;

/**
 * What a connector saves between the steps of one publication ({@code publications.upload_state}), as a versioned record
 * declared by the connector: {@code XxxResume.from(json)} reads any stored version (a row saved before versions existed
 * has no {@value #VERSION_KEY} and is version 1), and {@link #toJson()} writes the current one.
 *
 * <p>{@link #toJson()} names every field, {@code null} when unset. A checkpoint writes the record's {@link #changes} and
 * they are merged into the stored object, so an explicit {@code null} is how a field is cleared, and keys the pipeline
 * adds beside the record (a pending result's detail) stay where they are.
 */
public interface ResumeState {
  /** The key of the record's version in the stored object. */
  String VERSION_KEY = "v";

  /** The layout this record was written in; bumped when a field changes meaning, and {@code from} reads every older one. */
  int version();

  JsonObject toJson();

  /** The version a stored object was written in: 1 for rows saved before versions existed. */
  static int versionOf(JsonObject stored) {
    return stored == null ? 1 : stored.getInteger(VERSION_KEY, 1);
  }

  /** {@code fields} with the version put last (so a stored object reads as its fields first). */
  static JsonObject stamped(JsonObject fields, int version) {
    return fields.put(VERSION_KEY, version);
  }

  /**
   * The fields of {@code next} whose value differs from {@code stored} (a cleared field as {@code null}): what a checkpoint
   * writes, so saving a record after each of many steps (LinkedIn's ETag per part) writes only what the step changed.
   */
  static JsonObject changes(JsonObject stored, ResumeState next) {
    JsonObject changed = new JsonObject();
    next.toJson().forEach(e -> {
      if (!java.util.Objects.equals(e.getValue(), stored.getValue(e.getKey()))) {
        changed.put(e.getKey(), e.getValue());
      }
    });
    return changed;
  }

  /**
   * Whether {@code stored}, read with {@code from}, passes {@code test}; false when it cannot be read (a newer node's
   * state): the shape of every connector's {@link Publishing#uploadAccepted}.
   */
  static <T> boolean holds(JsonObject stored, java.util.function.Function<JsonObject, T> from, java.util.function.Predicate<T> test) {
    try {
      return test.test(from.apply(stored));
    } catch (RuntimeException newerOrUnreadable) {
      return false;
    }
  }

  /** Refuses a stored object written by a newer node than this one (its fields may mean something this code does not know). */
  static JsonObject checked(JsonObject stored, int current, String platform) {
    JsonObject s = stored == null ? new JsonObject() : stored;
    int v = versionOf(s);
    if (v > current) {
      throw new PlatformFailure(ErrorKind.RETRYABLE, null, "The saved " + platform + " upload state is of version " + v
          + ", newer than this node understands (" + current + "); a newer node will resume it.", 0, null);
    }
    return s;
  }
}
