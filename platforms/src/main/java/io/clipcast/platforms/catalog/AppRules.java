package io.clipcast.platforms.catalog;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code app}: what this deployment must set up with the platform before its users can connect and publish.
 * {@code settings}: the keys under {@code oauth.clients.<id>} that must be non-empty (the app's credentials);
 * {@code requirements}: what the platform must have granted the app ({@link AppRequirement}); {@code routes}: the
 * same per route, when {@code oauth.clients.<id>.route} picks another way to reach the platform (TikTok via Blotato).
 */
public record AppRules(List<String> settings, List<AppRequirement> requirements, Map<String, AppRules> routes) {

  static AppRules read(JsonFields f) {
    List<AppRequirement> requirements = f.optObjects("requirements").stream().map(AppRequirement::read).toList();
    Map<String, AppRules> routes = new LinkedHashMap<>();
    JsonFields byRoute = f.optObject("routes");
    if (byRoute != null) {
      for (String route : List.copyOf(byRoute.keys())) {
        AppRules r = read(byRoute.object(route));
        if (!r.routes.isEmpty()) throw byRoute.error(route, "a route cannot have routes of its own.");
        routes.put(route, r);
      }
      byRoute.end();
    }
    AppRules a = new AppRules(f.optStrings("settings"), requirements, Map.copyOf(routes));
    f.end();
    return a;
  }

  /** The rules for the route the app's settings pick ({@code route}), or these when there is none. */
  public AppRules forRoute(String route) {
    return route == null ? this : routes.getOrDefault(route, this);
  }
}
