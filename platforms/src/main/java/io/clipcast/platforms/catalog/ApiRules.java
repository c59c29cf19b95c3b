package io.clipcast.platforms.catalog;

import java.util.List;

/** {@code api}: the platform API version this server speaks and the OAuth scopes it asks for. */
public record ApiRules(String version, List<String> scopes, String source) {

  static ApiRules read(JsonFields f) {
    ApiRules a = new ApiRules(f.string("version"), f.strings("scopes"), f.string("source"));
    f.end();
    return a;
  }
}
