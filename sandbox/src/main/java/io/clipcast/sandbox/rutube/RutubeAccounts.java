package io.clipcast.sandbox.rutube;

import io.clipcast.sandbox.kit.oauth.OAuthParams;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Rutube users and their API tokens (docs/platforms/rutube.md): {@code token_auth} trades username + password for the user's one
 * long-lived token (DRF's Token model: the same token on every login), and every authenticated call is checked against
 * {@code Authorization: Token <token>}.
 */
final class RutubeAccounts {
  record Account(String login, String password, long userId, String name, String avatar) {
    JsonObject profile() {
      return new JsonObject().put("id", userId).put("name", name).put("avatar_url", avatar).put("description", "")
          .put("site_url", "https://rutube.ru/channel/" + userId + "/");
    }
  }

  private final Map<String, Account> byLogin = new ConcurrentHashMap<>();
  private final Map<Long, Account> byId = new ConcurrentHashMap<>();
  private final Map<String, Long> tokens = new ConcurrentHashMap<>();
  private final Map<Long, String> tokenOf = new ConcurrentHashMap<>();

  /** Seeds (or replaces) an account; answers its token so tests can also connect with a bare token. */
  String seed(JsonObject b) {
    Account a = new Account(b.getString("login"), b.getString("password"), b.getLong("userId"), b.getString("name", "Rutube user"),
        b.getString("avatar"));
    byLogin.put(a.login(), a);
    byId.put(a.userId(), a);
    return tokenOf.computeIfAbsent(a.userId(), id -> {
      String token = OAuthParams.random(40, "0123456789abcdef");
      tokens.put(token, id);
      return token;
    });
  }

  Optional<Account> byId(long userId) {
    return Optional.ofNullable(byId.get(userId));
  }

  /** {@code POST|PUT /api/accounts/token_auth/} with {@code username}, {@code password} (JSON or form). */
  void tokenAuth(DrfReply reply, JsonObject params) {
    Map<String, List<String>> errors = new LinkedHashMap<>();
    String username = required(params, "username", errors);
    String password = required(params, "password", errors);
    if (!errors.isEmpty()) {
      reply.fieldErrors(errors);
      return;
    }
    Account a = byLogin.get(username);
    if (a == null || !a.password().equals(password)) {
      reply.fieldErrors(Map.of("non_field_errors", List.of("Unable to log in with provided credentials.")));
      return;
    }
    reply.json(200, new JsonObject().put("token", tokenOf.get(a.userId())).put("userid", a.userId()));
  }

  private static String required(JsonObject params, String field, Map<String, List<String>> errors) {
    Object v = params.getValue(field);
    if (v == null) errors.computeIfAbsent(field, k -> new ArrayList<>()).add("This field is required.");
    else if (v.toString().isBlank()) errors.computeIfAbsent(field, k -> new ArrayList<>()).add("This field may not be blank.");
    return v == null ? null : v.toString();
  }

  /** The caller named by the {@code Authorization: Token …} header: empty if absent or another scheme (anonymous). */
  Optional<Account> caller(RoutingContext ctx) throws InvalidToken {
    String header = ctx.request().getHeader("Authorization");
    if (header == null) return Optional.empty();
    String[] parts = header.trim().split("\\s+");
    if (!parts[0].equalsIgnoreCase("token")) return Optional.empty();
    if (parts.length == 1) throw new InvalidToken("Invalid token header. No credentials provided.");
    if (parts.length > 2) throw new InvalidToken("Invalid token header. Token string should not contain spaces.");
    Long id = tokens.get(parts[1]);
    if (id == null) throw new InvalidToken("Invalid token.");
    return Optional.of(byId.get(id));
  }

  /** A Token header that names no valid token: DRF answers 401 even on public endpoints. */
  static final class InvalidToken extends Exception {
    InvalidToken(String message) {
      super(message, null, false, false);
    }
  }
}
