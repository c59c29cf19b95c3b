package io.clipcast.sandbox.linkedin;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * LinkedIn's developer products and the scopes each grants an app (docs/platforms/linkedin.md, "Registering the app"):
 * Sign In with LinkedIn using OpenID Connect ({@code openid profile email}), Share on LinkedIn ({@code w_member_social})
 * and the Community Management API ({@code r_basicprofile w_member_social w_organization_social r_organization_social
 * rw_organization_admin}), which must be the only product of its app.
 */
final class LinkedInProducts {
  static final String SIGN_IN = "Sign In with LinkedIn using OpenID Connect";
  static final String SHARE = "Share on LinkedIn";
  static final String COMMUNITY = "Community Management API";

  private static final Map<String, Set<String>> SCOPES = Map.of(
      SIGN_IN, Set.of("openid", "profile", "email"),
      SHARE, Set.of("w_member_social"),
      COMMUNITY, Set.of("r_basicprofile", "w_member_social", "w_organization_social", "r_organization_social", "rw_organization_admin"));

  /** An app's products cannot be set so: LinkedIn's portal refuses (answered 409). */
  static final class Refused extends RuntimeException {
    Refused(String message) {
      super(message, null, false, false);
    }
  }

  private LinkedInProducts() {}

  /** The products as given, checked: known names ({@link IllegalArgumentException}), Community Management alone ({@link Refused}). */
  static Set<String> of(Collection<String> products) {
    Set<String> out = new LinkedHashSet<>(products);
    for (String p : out) {
      if (!SCOPES.containsKey(p)) throw new IllegalArgumentException("unknown LinkedIn product '" + p + "': one of " + List.of(SIGN_IN, SHARE, COMMUNITY));
    }
    if (out.contains(COMMUNITY) && out.size() > 1) {
      throw new Refused("This API product requires that it be the only product on the application for legal and security reasons.");
    }
    return Set.copyOf(out);
  }

  /** The scopes an app with these products may be granted. */
  static Set<String> scopes(Set<String> products) {
    Set<String> out = new LinkedHashSet<>();
    products.forEach(p -> out.addAll(SCOPES.get(p)));
    return Set.copyOf(out);
  }
}
