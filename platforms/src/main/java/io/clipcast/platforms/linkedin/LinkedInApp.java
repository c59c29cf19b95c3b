package io.clipcast.platforms.linkedin;

import io.clipcast.platforms.ConnectorSettings;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * One of the deployment's two LinkedIn apps (docs/platforms/linkedin.md, "Registering the app"). LinkedIn lets the
 * Community Management API be the only product of its app, so posting as a member and posting as a Page are two
 * OAuth clients: {@code member} ({@code oauth.clients.linkedin.clientId}: Sign In with OpenID Connect + Share on
 * LinkedIn; scopes {@code api.scopes} of conf/platforms/linkedin.json) and {@code page}
 * ({@code oauth.clients.linkedin.pageClientId}: Community Management API; scopes {@code pageScopes}). Asking an app for
 * a scope its products lack fails the whole sign-in ({@code unauthorized_scope_error}), so each asks for its own only.
 *
 * <p>Which app a sign-in uses travels in its {@code state}: the API's connect start appends {@code .page} to the random
 * state when the client chose the Page app (base64url never contains a dot), and the state comes back unchanged.
 */
record LinkedInApp(String name, String clientId, String clientSecret, List<String> scopes) {
  static final String MEMBER = "member";
  static final String PAGE = "page";

  static LinkedInApp member(ConnectorSettings settings, List<String> scopes) {
    return new LinkedInApp(MEMBER, settings.clientId(), settings.clientSecret(), scopes);
  }

  static LinkedInApp page(ConnectorSettings settings) {
    JsonObject c = settings.client() == null ? new JsonObject() : settings.client();
    JsonArray scopes = c.getJsonArray("pageScopes", new JsonArray());
    return new LinkedInApp(PAGE, c.getString("pageClientId", ""), c.getString("pageClientSecret", ""),
        scopes.stream().map(String::valueOf).toList());
  }

  /** The app a sign-in's state names: {@code page} after the last dot, else the member app. */
  static String chosenIn(String state) {
    int dot = state == null ? -1 : state.lastIndexOf('.');
    return dot < 0 ? MEMBER : state.substring(dot + 1);
  }

  boolean configured() {
    return clientId != null && !clientId.isBlank() && clientSecret != null && !clientSecret.isBlank() && !scopes.isEmpty();
  }
}
