package io.clipcast.sandbox.kit.oauth;

import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** The small parsing and building steps every simulated authorization server takes. */
public final class OAuthParams {
  private static final SecureRandom RANDOM = new SecureRandom();

  private OAuthParams() {}

  public static boolean blank(String s) {
    return s == null || s.isBlank();
  }

  /** The first of {@code names} that is absent or blank in {@code params}, or null. */
  public static String missing(MultiMap params, String... names) {
    return Arrays.stream(names).filter(n -> blank(params.get(n))).findFirst().orElse(null);
  }

  /** True when the request body is a form, as RFC 6749 token endpoints require. */
  public static boolean isForm(RoutingContext ctx) {
    String type = ctx.request().getHeader("Content-Type");
    return type != null && type.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded");
  }

  /** Scopes split on {@code separators} (a regex), in order, without empties. */
  public static Set<String> scopes(String scope, String separators) {
    Set<String> out = new LinkedHashSet<>();
    for (String s : scope.trim().split(separators)) if (!s.isEmpty()) out.add(s);
    return out;
  }

  /** {@code base} with {@code params} added to its query, values URL-encoded. */
  public static String withQuery(String base, Map<String, String> params) {
    StringBuilder b = new StringBuilder(base).append(base.contains("?") ? '&' : '?');
    params.forEach((k, v) -> b.append(k).append('=').append(URLEncoder.encode(v, StandardCharsets.UTF_8)).append('&'));
    return b.substring(0, b.length() - 1);
  }

  /** {@link #withQuery(String, Map)} with name, value pairs; pairs with a null value are left out. */
  public static String withQuery(String base, String... nameValues) {
    Map<String, String> params = new LinkedHashMap<>();
    for (int i = 0; i + 1 < nameValues.length; i += 2) if (nameValues[i + 1] != null) params.put(nameValues[i], nameValues[i + 1]);
    return withQuery(base, params);
  }

  /** True for an absolute http(s) URL; {@code noFragment} also refuses one with a fragment. */
  public static boolean httpUrl(String uri, boolean noFragment) {
    try {
      URI u = new URI(uri);
      return ("http".equals(u.getScheme()) || "https".equals(u.getScheme())) && u.getHost() != null
          && !(noFragment && u.getFragment() != null);
    } catch (URISyntaxException e) {
      return false;
    }
  }

  /** True when {@code uri} parses as a URI at all. */
  public static boolean parses(String uri) {
    try {
      new URI(uri);
      return true;
    } catch (URISyntaxException e) {
      return false;
    }
  }

  /** The request's JSON object body ({} when empty), or null when it is not JSON. */
  public static JsonObject jsonBody(RoutingContext ctx) {
    try {
      JsonObject b = ctx.body().length() == 0 ? new JsonObject() : ctx.body().asJsonObject();
      return b == null ? new JsonObject() : b;
    } catch (RuntimeException e) {
      return null;
    }
  }

  /** Constant-time comparison of a presented secret with the registered one. */
  public static boolean sameSecret(String registered, String presented) {
    return presented != null && MessageDigest.isEqual(registered.getBytes(StandardCharsets.UTF_8), presented.getBytes(StandardCharsets.UTF_8));
  }

  /** HTML-escapes {@code s} (null → ""). */
  public static String esc(String s) {
    return s == null ? "" : s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;").replace("'", "&#39;");
  }

  /** A hidden form field carrying {@code value} (HTML-escaped) back to the server. */
  public static String hidden(String name, String value) {
    return "<input type=\"hidden\" name=\"" + esc(name) + "\" value=\"" + esc(value) + "\">";
  }

  /** {@code bytes} random bytes, base64url without padding. */
  public static String random(int bytes) {
    byte[] b = new byte[bytes];
    RANDOM.nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  /** {@code length} random characters of {@code alphabet}. */
  public static String random(int length, String alphabet) {
    StringBuilder sb = new StringBuilder(length);
    for (int i = 0; i < length; i++) sb.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
    return sb.toString();
  }
}
