package io.clipcast.sandbox.linkedin;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Who may act for an owner/author URN (docs/platforms/linkedin.md): a member only for themself, with {@code w_member_social};
 * a Page only through a member who administers it, with {@code w_organization_social}.
 */
final class Authorship {
  private static final Pattern PERSON = Pattern.compile("urn:li:person:([A-Za-z0-9_-]{1,32})");
  private static final Pattern ORGANIZATION = Pattern.compile("urn:li:organization:([1-9]\\d{0,18})");

  static final String FORBIDDEN_VIDEO = "Accessing this video resource is forbidden. Please check your permissions for this resource";

  private Authorship() {}

  /** True when {@code urn} is a well-formed person or organization URN. */
  static boolean valid(String urn) {
    return urn != null && (PERSON.matcher(urn).matches() || ORGANIZATION.matcher(urn).matches());
  }

  static boolean isOrganization(String urn) {
    return urn.startsWith("urn:li:organization:");
  }

  /** The scope needed to create content as {@code urn}. */
  static String scopeFor(String urn) {
    return isOrganization(urn) ? "w_organization_social" : "w_member_social";
  }

  /** Whether the caller may act as {@code urn} (scopes aside). */
  static boolean mayActAs(RestGate.Caller caller, String urn, LinkedInDirectory directory) {
    Matcher p = PERSON.matcher(urn);
    if (p.matches()) return p.group(1).equals(caller.member().id());
    Matcher o = ORGANIZATION.matcher(urn);
    return o.matches() && directory.organization(Long.parseLong(o.group(1)))
        .map(org -> org.admins().contains(caller.member().id())).orElse(false);
  }
}
