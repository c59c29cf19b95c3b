package io.clipcast.platforms.catalog;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;

/**
 * {@code api}: the platform API version this server speaks, the day the platform retires it ({@code sunset}, when it
 * announces one) and the OAuth scopes it asks for (empty when the connector names them itself).
 */
public record ApiRules(String version, Optional<LocalDate> sunset, List<String> scopes, String source) {

  static ApiRules read(JsonFields f) {
    String sunset = f.optString("sunset");
    Optional<LocalDate> day;
    try {
      day = Optional.ofNullable(sunset).map(LocalDate::parse);
    } catch (DateTimeParseException e) {
      throw f.error("sunset", "must be a date like 2027-01-21, got \"" + sunset + "\".");
    }
    ApiRules a = new ApiRules(f.string("version"), day, f.optStrings("scopes"), f.string("source"));
    f.end();
    return a;
  }
}
