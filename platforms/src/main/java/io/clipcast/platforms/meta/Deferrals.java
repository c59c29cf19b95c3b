package io.clipcast.platforms.meta;

import io.clipcast.platforms.PlatformFailure;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** Posting caps turned into deferrals whose message says which cap, and when publishing will be tried again in the user's time. */
public final class Deferrals {
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm z", Locale.ENGLISH);
  private static final DateTimeFormatter DAY_TIME = DateTimeFormatter.ofPattern("d MMM HH:mm z", Locale.ENGLISH);

  private Deferrals() {}

  public static PlatformFailure cap(String code, String why, Instant until, ZoneId zone) {
    return PlatformFailure.deferred(code, why + "; publishing at " + when(until, zone) + ".", until);
  }

  /** {@code 10:01 MSK} today, {@code 22 Nov 10:01 MSK} on another day. */
  public static String when(Instant at, ZoneId zone) {
    var local = at.atZone(zone);
    return local.toLocalDate().equals(LocalDate.now(zone)) ? TIME.format(local) : DAY_TIME.format(local);
  }
}
