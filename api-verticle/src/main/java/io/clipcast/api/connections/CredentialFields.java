package io.clipcast.api.connections;

import io.clipcast.web.ApiError;
import io.vertx.core.json.JsonObject;

import java.math.BigInteger;

/**
 * The {@code credentials} of a token connect, made into what every connector may assume: a flat object of text
 * fields. Connectors read them with {@code getString}, so a null, a nested value or a control character (Postgres
 * refuses NUL; a line break would end an HTTP header) is refused here with a 400 naming the field. Whole numbers
 * become their decimal text: a Telegram chat id or a Blotato account id is often sent unquoted.
 */
final class CredentialFields {
  private static final int MAX_FIELDS = 20;
  private static final int MAX_NAME_CHARS = 64;
  private static final int MAX_VALUE_CHARS = 4096;

  private CredentialFields() {}

  static JsonObject check(Object raw) {
    if (!(raw instanceof JsonObject given)) {
      throw ApiError.invalid("credentials", "'credentials' must be an object, e.g. {\"botToken\": \"…\", \"chat\": \"@mychannel\"}.");
    }
    if (given.size() > MAX_FIELDS) throw ApiError.invalid("credentials", "'credentials' may hold at most " + MAX_FIELDS + " fields.");
    JsonObject out = new JsonObject();
    for (String name : given.fieldNames()) {
      if (!plain(name) || name.length() > MAX_NAME_CHARS) {
        throw ApiError.invalid("credentials", "Credential names are short plain words, like botToken.");
      }
      String field = "credentials." + name;
      Object v = given.getValue(name);
      String text;
      if (v instanceof String s) {
        text = s;
      } else if (v instanceof Integer || v instanceof Long || v instanceof BigInteger) {
        text = v.toString();
      } else {
        throw ApiError.invalid(field, "'" + field + "' must be text" + (v == null ? ", not null." : "."));
      }
      if (!plain(text)) throw ApiError.invalid(field, "'" + field + "' contains control characters or line breaks; paste the value again.");
      if (text.length() > MAX_VALUE_CHARS) throw ApiError.invalid(field, "'" + field + "' is longer than " + MAX_VALUE_CHARS + " characters.");
      out.put(name, text);
    }
    return out;
  }

  /** No control characters (C0, DEL) anywhere. */
  static boolean plain(String s) {
    return s.chars().noneMatch(c -> c < 0x20 || c == 0x7f);
  }
}
