package io.clipcast.platforms.conformance;

import java.util.Objects;

/**
 * A conformance case as a platform takes it: the setting the case needs ({@link #to}), or why the case cannot happen on
 * this platform ({@link #notApplicable}), which the suite reports as such instead of skipping it.
 */
public record Applies<T>(T setting, String notApplicableBecause) {
  public static <T> Applies<T> to(T setting) {
    return new Applies<>(Objects.requireNonNull(setting), null);
  }

  public static <T> Applies<T> notApplicable(String because) {
    if (because == null || because.isBlank()) throw new IllegalArgumentException("a case that does not apply says why");
    return new Applies<>(null, because);
  }

  public boolean applies() {
    return notApplicableBecause == null;
  }
}
