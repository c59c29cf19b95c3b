package io.clipcast.platforms.catalog;

/**
 * {@code recheck}: how a publication the platform is still processing is checked again: first after
 * {@code firstDelayMs}, then doubling, never more than {@code maxDelayMs} apart; {@code source} says why the cap is what it is.
 */
public record Recheck(long firstDelayMs, long maxDelayMs, String source) {

  static Recheck read(JsonFields f) {
    Recheck r = new Recheck(f.whole("firstDelayMs"), f.whole("maxDelayMs"), f.optString("source"));
    f.end();
    if (r.firstDelayMs < 1) throw f.error("firstDelayMs", "must be at least 1 ms, got " + r.firstDelayMs + ".");
    if (r.maxDelayMs < r.firstDelayMs) throw f.error("maxDelayMs", "must be at least firstDelayMs (" + r.firstDelayMs + "), got " + r.maxDelayMs + ".");
    return r;
  }
}
