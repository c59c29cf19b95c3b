package io.clipcast.sandbox.rutube;

import io.vertx.core.json.JsonObject;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Validates the body of {@code POST /api/video/} as a DRF serializer would (docs/platforms/rutube.md): {@code url} and
 * {@code title} required, lengths counted in code points (Python's {@code len}), booleans and integers in DRF's accepted
 * spellings, {@code category_id} an existing category. Unknown fields are ignored, as DRF does — so a misspelt required
 * field shows up as "This field is required.".
 */
final class VideoCreateForm {
  static final int TITLE_MAX = 100;        // docs/platforms/rutube.md: clients truncate to ~100 chars
  static final int DESCRIPTION_MAX = 5000; // docs/platforms/rutube.md: undocumented; conf/platforms/rutube.json assumes 5000
  static final int DEFAULT_CATEGORY = 13;

  record Values(String url, String title, String description, boolean hidden, int categoryId, String callbackUrl, String errbackUrl) {}

  private static final Set<String> TRUE = Set.of("true", "True", "1", "yes", "on", "t", "y");
  private static final Set<String> FALSE = Set.of("false", "False", "0", "no", "off", "f", "n");

  private final Map<String, List<String>> errors = new LinkedHashMap<>();
  private Values values;

  private VideoCreateForm() {}

  static VideoCreateForm validate(JsonObject p) {
    VideoCreateForm f = new VideoCreateForm();
    String url = f.url(p, "url", true);
    String title = f.text(p, "title", true, TITLE_MAX);
    String description = f.text(p, "description", false, DESCRIPTION_MAX);
    Boolean hidden = f.bool(p, "is_hidden");
    Integer category = f.category(p);
    String callback = f.url(p, "callback_url", false);
    String errback = f.url(p, "errback_url", false);
    if (f.errors.isEmpty()) {
      f.values = new Values(url, title, description == null ? "" : description, hidden != null && hidden,
          category == null ? DEFAULT_CATEGORY : category, callback, errback);
    }
    return f;
  }

  boolean valid() {
    return errors.isEmpty();
  }

  Map<String, List<String>> errors() {
    return errors;
  }

  Values values() {
    return values;
  }

  private void error(String field, String message) {
    errors.computeIfAbsent(field, k -> new ArrayList<>()).add(message);
  }

  private boolean present(JsonObject p, String field, boolean required) {
    if (!p.containsKey(field)) {
      if (required) error(field, "This field is required.");
      return false;
    }
    if (p.getValue(field) == null) {
      if (required) error(field, "This field may not be null.");
      return false;
    }
    return true;
  }

  private String text(JsonObject p, String field, boolean required, int max) {
    if (!present(p, field, required)) return null;
    String s = p.getValue(field).toString().strip();   // DRF CharField trims whitespace
    if (s.isEmpty()) {
      if (required) error(field, "This field may not be blank.");
      return s;
    }
    if (s.codePointCount(0, s.length()) > max) error(field, "Ensure this field has no more than " + max + " characters.");
    return s;
  }

  private String url(JsonObject p, String field, boolean required) {
    String s = text(p, field, required, 2000);
    if (s == null || s.isEmpty()) return null;
    try {
      URI u = new URI(s);
      if (u.getScheme() != null && Set.of("http", "https").contains(u.getScheme().toLowerCase()) && u.getHost() != null) return s;
    } catch (URISyntaxException ignored) {
      // reported below, like any other malformed URL
    }
    error(field, "Enter a valid URL.");
    return null;
  }

  private Boolean bool(JsonObject p, String field) {
    if (!present(p, field, false)) return null;
    Object v = p.getValue(field);
    if (v instanceof Boolean b) return b;
    String s = v.toString();
    if (TRUE.contains(s)) return true;
    if (FALSE.contains(s)) return false;
    error(field, "Must be a valid boolean.");
    return null;
  }

  private Integer category(JsonObject p) {
    if (!present(p, "category_id", false)) return null;
    Object v = p.getValue("category_id");
    int id;
    try {
      if (v instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) id = n.intValue();
      else id = Integer.parseInt(v.toString().strip());
    } catch (NumberFormatException e) {
      error("category_id", "Incorrect type. Expected pk value, received " + pythonType(v) + ".");
      return null;
    }
    if (!RutubeCategories.exists(id)) {
      error("category_id", "Invalid pk \"" + id + "\" - object does not exist.");
      return null;
    }
    return id;
  }

  private static String pythonType(Object v) {
    if (v instanceof String) return "str";
    if (v instanceof Number) return "float";
    if (v instanceof Boolean) return "bool";
    return v instanceof io.vertx.core.json.JsonArray ? "list" : "dict";
  }
}
