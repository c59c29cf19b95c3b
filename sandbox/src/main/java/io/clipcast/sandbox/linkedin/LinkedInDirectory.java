package io.clipcast.sandbox.linkedin;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Who exists on the simulated LinkedIn: members ({@code urn:li:person:<id>}), organizations (Pages,
 * {@code urn:li:organization:<id>}) with the members who administer them, and the developer apps allowed to sign
 * members in, each with its products ({@link LinkedInProducts}). Two apps are pre-registered to match
 * {@code conf/dev.json}, both approved for programmatic refresh tokens: the member app ({@link #DEFAULT_APP}: Sign In
 * with LinkedIn using OpenID Connect + Share on LinkedIn) and the Page app ({@link #PAGES_APP}: Community Management
 * API, its only product); one member exists from the start ({@link #DEFAULT_MEMBER}).
 */
final class LinkedInDirectory {
  record Member(String id, String givenName, String familyName, String email, String picture) {
    String urn() {
      return "urn:li:person:" + id;
    }

    String name() {
      return (givenName + " " + familyName).trim();
    }
  }

  record Organization(long id, String name, Set<String> admins) {
    String urn() {
      return "urn:li:organization:" + id;
    }
  }

  /** A developer app: its secret, the redirect URIs registered for it (empty = any http(s) URL), its products. */
  record App(String clientId, String clientSecret, List<String> redirectUris, Set<String> products, boolean programmaticRefresh) {
    /** The scopes the app's products let it ask for. */
    Set<String> scopes() {
      return LinkedInProducts.scopes(products);
    }

    App withProducts(Set<String> products) {
      return new App(clientId, clientSecret, redirectUris, products, programmaticRefresh);
    }
  }

  static final Set<String> MEMBER_PRODUCTS = Set.of(LinkedInProducts.SIGN_IN, LinkedInProducts.SHARE);
  static final App DEFAULT_APP = new App("sandbox-linkedin-app", "sandbox-linkedin-secret", List.of(), MEMBER_PRODUCTS, true);
  static final App PAGES_APP = new App("sandbox-linkedin-pages-app", "sandbox-linkedin-pages-secret", List.of(),
      Set.of(LinkedInProducts.COMMUNITY), true);
  static final Member DEFAULT_MEMBER = new Member("yrZCpj2Z12", "Sandbox", "Member", "member@example.com",
      "https://media.licdn.com/dms/image/sandbox/profile.jpg");

  private final Map<String, Member> members = new ConcurrentHashMap<>(Map.of(DEFAULT_MEMBER.id(), DEFAULT_MEMBER));
  private final Map<Long, Organization> organizations = new ConcurrentHashMap<>();
  private final Map<String, App> apps = new ConcurrentHashMap<>(Map.of(DEFAULT_APP.clientId(), DEFAULT_APP, PAGES_APP.clientId(), PAGES_APP));

  Member putMember(JsonObject b) {
    String id = b.getString("id");
    if (id == null || !id.matches("[A-Za-z0-9_-]{1,32}")) throw new IllegalArgumentException("member id must be 1-32 of A-Z a-z 0-9 _ -");
    Member m = new Member(id, b.getString("givenName", "Member"), b.getString("familyName", id), b.getString("email", id + "@example.com"),
        b.getString("picture", "https://media.licdn.com/dms/image/sandbox/" + id + ".jpg"));
    members.put(id, m);
    return m;
  }

  Optional<Member> member(String id) {
    return Optional.ofNullable(members.get(id));
  }

  Collection<Member> members() {
    return members.values();
  }

  Organization putOrganization(JsonObject b) {
    Long id = b.getLong("id");
    if (id == null || id <= 0) throw new IllegalArgumentException("organization id must be a positive number");
    JsonArray admins = b.getJsonArray("admins", new JsonArray());
    Organization o = new Organization(id, b.getString("name", "Organization " + id),
        Set.copyOf(admins.stream().map(String::valueOf).toList()));
    organizations.put(id, o);
    return o;
  }

  Optional<Organization> organization(long id) {
    return Optional.ofNullable(organizations.get(id));
  }

  List<Organization> administeredBy(String memberId) {
    return organizations.values().stream().filter(o -> o.admins().contains(memberId)).sorted((a, b) -> Long.compare(a.id(), b.id())).toList();
  }

  App putApp(JsonObject b) {
    String clientId = b.getString("clientId");
    String secret = b.getString("clientSecret");
    if (clientId == null || clientId.isBlank() || secret == null || secret.isBlank()) {
      throw new IllegalArgumentException("need clientId and clientSecret");
    }
    JsonArray uris = b.getJsonArray("redirectUris", new JsonArray());
    JsonArray products = b.getJsonArray("products");
    App app = new App(clientId, secret, uris.stream().map(String::valueOf).toList(),
        products == null ? MEMBER_PRODUCTS : LinkedInProducts.of(products.stream().map(String::valueOf).toList()),
        b.getBoolean("programmaticRefresh", false));
    apps.put(clientId, app);
    return app;
  }

  /** Sets an app's products, as the Developer Portal's Products tab does; {@link LinkedInProducts.Refused} when LinkedIn would refuse. */
  App setProducts(String clientId, Collection<String> products) {
    Set<String> checked = LinkedInProducts.of(products);
    App app = apps.computeIfPresent(clientId, (id, a) -> a.withProducts(checked));
    if (app == null) throw new IllegalArgumentException("no app " + clientId);
    return app;
  }

  Optional<App> app(String clientId) {
    return clientId == null ? Optional.empty() : Optional.ofNullable(apps.get(clientId));
  }
}
