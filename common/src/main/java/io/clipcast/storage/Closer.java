package io.clipcast.storage;

import io.vertx.core.Future;

import java.util.function.Supplier;

/** Runs a close action once; every later call gets the outcome of that one. */
final class Closer {
  private final Supplier<Future<Void>> action;
  private Future<Void> result;

  Closer(Supplier<Future<Void>> action) {
    this.action = action;
  }

  synchronized Future<Void> close() {
    if (result == null) {
      result = action.get();
    }
    return result;
  }
}
