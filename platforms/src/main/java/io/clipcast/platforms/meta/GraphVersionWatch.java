package io.clipcast.platforms.meta;

import io.clipcast.platforms.ConnectorSettings;
import io.clipcast.platforms.catalog.ApiRules;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The Graph API version a Meta connector speaks, and what Meta says it used. The version comes from the catalog
 * ({@code api.version} in conf/platforms/facebook.json and instagram.json). Meta does not refuse a retired version: it
 * answers the call as the oldest version still available and says which in the {@code facebook-api-version} header
 * (docs/platforms/facebook.md, "API version"). When that differs from the version asked for, the behaviour of the calls
 * may have changed under Clipcast, so operators get one WARN per platform and served version.
 */
public final class GraphVersionWatch {
  private static final Logger log = LoggerFactory.getLogger(GraphVersionWatch.class);
  private static final Pattern VERSION = Pattern.compile("v\\d{1,2}\\.\\d");
  private static final Set<String> warned = ConcurrentHashMap.newKeySet();

  private GraphVersionWatch() {}

  /** The catalog's {@code api.version} for this connector; refused at start when missing or not like {@code v21.0}. */
  public static String of(ConnectorSettings settings) {
    String id = settings.rules().id();
    String v = settings.rules().api().map(ApiRules::version).orElseThrow(() -> new IllegalStateException(
        "conf/platforms/" + id + ".json has no api.version: the Graph API version (e.g. v21.0) must be named there."));
    if (!VERSION.matcher(v).matches()) {
      throw new IllegalStateException("conf/platforms/" + id + ".json api.version must look like v21.0, got \"" + v + "\".");
    }
    return v;
  }

  /** Called with every Graph answer's {@code facebook-api-version} (null when Meta sent none). */
  static void served(String platform, String asked, String served) {
    if (served == null || served.isBlank() || served.equals(asked)) return;
    if (warned.add(platform + " " + asked + " " + served)) {
      log.warn("{} answered Graph API {} calls as {}: Meta serves a retired version's calls as the oldest version it still offers"
          + " (or the app's calls were upgraded in Meta's App Dashboard), so they may behave differently. Update api.version in"
          + " conf/platforms/{}.json (docs/platforms/facebook.md, \"API version\").", platform, asked, served,
          platform.toLowerCase(java.util.Locale.ROOT));
    }
  }
}
