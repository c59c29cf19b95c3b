package io.clipcast.api.http;

import io.clipcast.web.ApiError;
import io.vertx.core.json.JsonObject;

import java.util.regex.Pattern;

/** Typed reads of request fields that fail with a 400 naming the field and the rule. */
public final class Fields {
  private static final Pattern EMAIL = Pattern.compile("^[^@\\s\\x00-\\x1f]{1,64}@[^@\\s\\x00-\\x1f]{1,190}\\.[^@\\s\\x00-\\x1f.]{2,63}$");

  private Fields() {}

  public static String string(JsonObject body, String field, boolean required, int maxChars) {
    Object v = body.getValue(field);
    if (v == null) {
      if (required) throw ApiError.invalid(field, "'" + field + "' is required.");
      return null;
    }
    if (!(v instanceof String)) throw ApiError.invalid(field, "'" + field + "' must be a string.");
    String s = (String) v;
    if (s.indexOf('\0') >= 0) throw ApiError.invalid(field, "'" + field + "' must not contain NUL characters.");
    int chars = s.codePointCount(0, s.length());
    if (chars > maxChars) {
      throw ApiError.invalid(field, "'" + field + "' is " + chars + " characters long; the limit is " + maxChars + ".");
    }
    return s;
  }

  public static String email(JsonObject body, String field) {
    String s = string(body, field, true, 254).trim();
    if (!EMAIL.matcher(s).matches()) throw ApiError.invalid(field, "'" + field + "' must be an e-mail address like name@example.com.");
    return s;
  }

  public static String password(JsonObject body, String field) {
    String s = string(body, field, true, 256);
    if (s.codePointCount(0, s.length()) < 10) {
      throw ApiError.invalid(field, "The password must be at least 10 characters long.");
    }
    return s;
  }

  public static java.time.ZoneId zone(JsonObject body, String field, boolean required) {
    String s = string(body, field, required, 64);
    if (s == null) return null;
    try {
      return java.time.ZoneId.of(s);
    } catch (java.time.DateTimeException e) {
      throw ApiError.invalid(field, "'" + s + "' is not a time zone; use an IANA name such as Europe/Moscow or UTC.");
    }
  }
}
