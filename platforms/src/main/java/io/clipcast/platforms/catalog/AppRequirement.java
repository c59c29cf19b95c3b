package io.clipcast.platforms.catalog;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One thing the platform demands of an app before it works (a review, a product, an approved right), and the setting
 * under {@code oauth.clients.<id>} in which the operator declares that the platform granted it. Real platforms do not
 * let a server ask "is my app approved?", so the operator says so, and the connector behaves accordingly.
 *
 * <p>{@code kind}: {@code review}, {@code product} or {@code scope}. Without {@code needs} the setting must be
 * {@code true}; with it, the setting is a list that must hold every item of {@code needs}. {@code lacks}: what users
 * get while it is unmet; {@code source}: where in {@code docs/platforms/} the rule is cited. {@code optional}: users can
 * still connect and publish without it, only with less (LinkedIn Page posting needs a second app).
 */
public record AppRequirement(String kind, String setting, List<String> needs, String lacks, String source, boolean optional) {
  private static final Set<String> KINDS = Set.of("review", "product", "scope");

  static AppRequirement read(JsonFields f) {
    String kind = f.string("kind");
    if (!KINDS.contains(kind)) throw f.error("kind", "must be one of " + KINDS + ", got \"" + kind + "\".");
    AppRequirement r = new AppRequirement(kind, f.string("setting"), f.optStrings("needs"), f.string("lacks"), f.string("source"),
        f.optBool("optional", false));
    f.end();
    return r;
  }

  /** What of {@link #needs} the app's settings ({@code oauth.clients.<id>}) do not declare; empty when met. */
  public Optional<List<String>> unmet(JsonObject client) {
    Object declared = client.getValue(setting);
    if (needs.isEmpty()) return Boolean.TRUE.equals(declared) ? Optional.empty() : Optional.of(List.of());
    List<String> missing = new ArrayList<>(needs);
    if (declared instanceof JsonArray granted) missing.removeIf(granted::contains);
    return missing.isEmpty() ? Optional.empty() : Optional.of(List.copyOf(missing));
  }
}
