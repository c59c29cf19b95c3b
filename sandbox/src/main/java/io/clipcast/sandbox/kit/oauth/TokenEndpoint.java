package io.clipcast.sandbox.kit.oauth;

import io.clipcast.sandbox.kit.Reply;
import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

import static io.clipcast.sandbox.kit.oauth.OAuthParams.blank;

/**
 * The token endpoint of every simulated authorization server: the {@code authorization_code} grant (client
 * authentication, the code taken once and checked against its client, redirect URI, device and PKCE challenge) and
 * the {@code refresh_token} grant (checked against its client and device, narrowed, rotated through {@link TokenBook}
 * where the platform rotates). A platform declares its differences as data in a {@link Spec}: the order of the request
 * checks, parameter names, which parameters each grant requires, its table of refusals, and hooks only for what truly
 * differs (its token body, a PKCE flavour, an extra grant).
 *
 * @param <R> the platform's reply (its error body shape)
 * @param <S> the subject tokens are granted to
 * @param <C> the platform's authorization code
 */
public final class TokenEndpoint<R extends Reply, S, C extends BoundCode<S>> {
  /** Request-level checks, run in the order the platform lists them; then the grant runs. */
  public enum Step {
    /** The body must be a form. */
    FORM,
    /** The client id and secret parameters must be present. */
    CLIENT_PRESENT,
    /** The client must be registered and the secret its own (form fields, or HTTP Basic where the platform takes it). */
    CLIENT_AUTH,
    GRANT_PRESENT,
    GRANT_SUPPORTED,
    /** The parameters the grant requires must be present. */
    REQUIRED
  }

  /** How a platform writes a refusal. */
  public interface Refusals<R> {
    void refuse(R reply, TokenProblem problem, String detail);
  }

  /** PKCE's verdict on a verifier. */
  public enum Verdict { OK, MALFORMED, WRONG }

  /** How the platform checks a {@code code_verifier} against the code's challenge. */
  public interface PkceCheck<C> {
    Verdict check(String verifier, C code);
  }

  /** The token body for a fresh access token and the refresh token that goes with it (null = none). */
  public interface Body<S> {
    JsonObject of(TokenBook.Grant<S> access, TokenBook.Grant<S> refresh, boolean refreshIsNew, MultiMap params);
  }

  /** A grant the platform adds (Facebook's {@code fb_exchange_token}). */
  public interface ExtraGrant<R> {
    void run(R reply, String clientId, MultiMap params);
  }

  /** Everything a platform's token endpoint declares. Defaults are RFC 6749's. */
  public static final class Spec<R extends Reply, S, C extends BoundCode<S>> {
    List<Step> steps = List.of(Step.FORM, Step.CLIENT_PRESENT, Step.CLIENT_AUTH, Step.GRANT_PRESENT, Step.GRANT_SUPPORTED, Step.REQUIRED);
    String clientParam = "client_id";
    boolean basicAuth;
    String defaultGrant;
    Function<String, String> secrets = id -> null;
    Refusals<? super R> refusals;
    AuthCodes<C> codes;
    TokenBook<S> book;
    boolean rotate;
    Predicate<C> refreshWithCode = c -> true;
    Predicate<String> refreshAllowed = id -> true;
    Function<String, Set<String>> refreshScopes;
    Function<C, JsonObject> codeAnswer;
    Body<S> body;
    PkceCheck<C> verifier = (v, c) -> Pkce.verifies(v, c.challenge(), c.challengeMethod()) ? Verdict.OK : Verdict.WRONG;
    final Map<String, List<String>> required = new LinkedHashMap<>(Map.of("authorization_code", List.of("code"), "refresh_token",
        List.of("refresh_token")));
    final Map<String, ExtraGrant<R>> extraGrants = new HashMap<>();

    public Spec<R, S, C> steps(Step... order) {
      steps = List.of(order);
      return this;
    }

    /** The client id's parameter name (TikTok: {@code client_key}). */
    public Spec<R, S, C> clientParam(String name) {
      clientParam = name;
      return this;
    }

    /** Client credentials may also come as {@code Authorization: Basic} (RFC 6749 §2.3.1). */
    public Spec<R, S, C> basicAuth() {
      basicAuth = true;
      return this;
    }

    /** The grant type when none is given (Facebook's code exchange). */
    public Spec<R, S, C> defaultGrant(String grantType) {
      defaultGrant = grantType;
      return this;
    }

    /** A registered client's secret by client id (null = no such client). */
    public Spec<R, S, C> secrets(Function<String, String> secretOfClient) {
      secrets = secretOfClient;
      return this;
    }

    public Spec<R, S, C> refusals(Refusals<? super R> table) {
      refusals = table;
      return this;
    }

    public Spec<R, S, C> codes(AuthCodes<C> issued) {
      codes = issued;
      return this;
    }

    /** Tokens issued from {@code tokens}; {@code rotating}: a refresh uses its refresh token up and issues a new pair. */
    public Spec<R, S, C> tokens(TokenBook<S> tokens, boolean rotating, Body<S> answer) {
      book = tokens;
      rotate = rotating;
      body = answer;
      return this;
    }

    /** Whether exchanging {@code code} also earns a refresh token (default: always). */
    public Spec<R, S, C> refreshWithCode(Predicate<C> when) {
      refreshWithCode = when;
      return this;
    }

    /** Whether the client may use refresh tokens at all (default: yes). */
    public Spec<R, S, C> refreshAllowed(Predicate<String> client) {
      refreshAllowed = client;
      return this;
    }

    /** A {@code scope} parameter on refresh narrows the grant (parsed by {@code parse}); default: ignored. */
    public Spec<R, S, C> refreshNarrows(Function<String, Set<String>> parse) {
      refreshScopes = parse;
      return this;
    }

    /** Issues and answers a code exchange itself, without a {@link TokenBook} (Facebook). */
    public Spec<R, S, C> codeAnswer(Function<C, JsonObject> issue) {
      codeAnswer = issue;
      return this;
    }

    /** The PKCE flavour (default: RFC 7636, S256 or plain, verifier format checked). */
    public Spec<R, S, C> verifier(PkceCheck<C> check) {
      verifier = check;
      return this;
    }

    /** The parameters {@code grantType} requires, in the order they are checked; only listed grant types are taken. */
    public Spec<R, S, C> require(String grantType, String... params) {
      required.put(grantType, List.of(params));
      return this;
    }

    /** Only the listed grant types are taken. */
    public Spec<R, S, C> grants(String... grantTypes) {
      required.keySet().retainAll(Set.of(grantTypes));
      return this;
    }

    public Spec<R, S, C> grant(String grantType, ExtraGrant<R> handler, String... params) {
      extraGrants.put(grantType, handler);
      return require(grantType, params);
    }
  }

  private final Spec<R, S, C> spec;

  public TokenEndpoint(Spec<R, S, C> spec) {
    this.spec = spec;
  }

  /** A token request whose parameters are form fields. */
  public void handle(RoutingContext ctx, R reply) {
    handle(ctx, reply, ctx.request().formAttributes());
  }

  /** A token request with the parameters {@code p} (Facebook's GET takes them from the query string). */
  public void handle(RoutingContext ctx, R reply, MultiMap p) {
    String grantType = blank(p.get("grant_type")) && spec.defaultGrant != null ? spec.defaultGrant : p.get("grant_type");
    String clientId = p.get(spec.clientParam);
    for (Step step : spec.steps) {
      switch (step) {
        case FORM -> {
          if (!OAuthParams.isForm(ctx)) {
            refuse(reply, TokenProblem.NOT_FORM, null);
            return;
          }
        }
        case CLIENT_PRESENT -> {
          String missing = OAuthParams.missing(p, spec.clientParam, "client_secret");
          if (missing != null) {
            refuse(reply, TokenProblem.MISSING, missing);
            return;
          }
        }
        case CLIENT_AUTH -> {
          clientId = authenticate(ctx, p, reply);
          if (clientId == null) return;
        }
        case GRANT_PRESENT -> {
          if (blank(grantType)) {
            refuse(reply, TokenProblem.NO_GRANT_TYPE, null);
            return;
          }
        }
        case GRANT_SUPPORTED -> {
          if (!spec.required.containsKey(grantType)) {
            refuse(reply, TokenProblem.UNSUPPORTED_GRANT, grantType);
            return;
          }
        }
        case REQUIRED -> {
          String missing = OAuthParams.missing(p, spec.required.get(grantType).toArray(String[]::new));
          if (missing != null) {
            refuse(reply, TokenProblem.MISSING, missing);
            return;
          }
        }
      }
    }
    ExtraGrant<R> extra = spec.extraGrants.get(grantType);
    if (extra != null) extra.run(reply, clientId, p);
    else if ("authorization_code".equals(grantType)) exchange(reply, clientId, p);
    else refresh(reply, clientId, p);
  }

  /** The authenticated client's id, or null when refused. */
  private String authenticate(RoutingContext ctx, MultiMap p, R reply) {
    String id = p.get(spec.clientParam);
    String secret = p.get("client_secret");
    String[] basic = spec.basicAuth ? basic(ctx.request().getHeader("Authorization")) : null;
    if (basic != null && basic.length == 0) {
      refuse(reply, TokenProblem.MALFORMED_BASIC, null);
      return null;
    }
    if (basic != null) {
      if (id != null && !id.equals(basic[0])) {
        refuse(reply, TokenProblem.CLIENT_MISMATCH, null);
        return null;
      }
      id = basic[0];
      secret = basic[1];
    }
    String registered = id == null ? null : spec.secrets.apply(id);
    if (registered == null) {
      refuse(reply, TokenProblem.UNKNOWN_CLIENT, null);
      return null;
    }
    if (!OAuthParams.sameSecret(registered, secret)) {
      refuse(reply, TokenProblem.WRONG_SECRET, null);
      return null;
    }
    return id;
  }

  private void exchange(R reply, String clientId, MultiMap p) {
    AuthCodes.Taken<C> taken = spec.codes.take(p.get("code")).orElse(null);
    C code = taken == null ? null : taken.grant();
    TokenProblem problem;
    if (code == null) problem = TokenProblem.CODE_UNKNOWN;
    else if (taken.expired()) problem = TokenProblem.CODE_EXPIRED;
    else if (!code.clientId().equals(clientId)) problem = TokenProblem.CODE_OTHER_CLIENT;
    else if (code.redirectUri() != null && !code.redirectUri().equals(p.get("redirect_uri"))) problem = TokenProblem.CODE_OTHER_REDIRECT;
    else if (code.device() != null && !code.device().equals(p.get("device_id"))) problem = TokenProblem.CODE_OTHER_DEVICE;
    else if (code.challenge() != null && blank(p.get("code_verifier"))) problem = TokenProblem.VERIFIER_MISSING;
    else if (code.challenge() != null) problem = switch (spec.verifier.check(p.get("code_verifier"), code)) {
      case OK -> null;
      case MALFORMED -> TokenProblem.VERIFIER_MALFORMED;
      case WRONG -> TokenProblem.VERIFIER_WRONG;
    };
    else problem = null;
    if (problem != null) {
      refuse(reply, problem, null);
    } else if (spec.codeAnswer != null) {
      reply.json(200, spec.codeAnswer.apply(code));
    } else {
      TokenBook.Grant<S> access = spec.book.issueAccess(code.subject(), code.clientId(), code.device(), code.scopes());
      TokenBook.Grant<S> refresh = spec.refreshWithCode.test(code)
          ? spec.book.issueRefresh(code.subject(), code.clientId(), code.device(), code.scopes()) : null;
      reply.json(200, spec.body.of(access, refresh, true, p));
    }
  }

  private void refresh(R reply, String clientId, MultiMap p) {
    if (!spec.refreshAllowed.test(clientId)) {
      refuse(reply, TokenProblem.REFRESH_NOT_ALLOWED, null);
      return;
    }
    if (reply.drawn("token_expired")) {
      refuse(reply, TokenProblem.REFRESH_EXPIRED_FAULT, null);
      return;
    }
    TokenBook.Grant<S> r = spec.book.refresh(p.get("refresh_token")).orElse(null);
    Set<String> scopes = r == null || spec.refreshScopes == null || blank(p.get("scope")) ? r == null ? null : r.scopes()
        : spec.refreshScopes.apply(p.get("scope"));
    TokenProblem problem;
    if (r == null) problem = TokenProblem.REFRESH_UNKNOWN;
    else if (r.expired()) problem = TokenProblem.REFRESH_EXPIRED;
    else if (!r.clientId().equals(clientId)) problem = TokenProblem.REFRESH_OTHER_CLIENT;
    else if (r.device() != null && !r.device().equals(p.get("device_id"))) problem = TokenProblem.REFRESH_OTHER_DEVICE;
    else if (!r.scopes().containsAll(scopes)) problem = TokenProblem.REFRESH_SCOPE_WIDER;
    else if (spec.rotate && !spec.book.consume(r)) problem = TokenProblem.REFRESH_USED;
    else problem = null;
    if (problem != null) {
      refuse(reply, problem, null);
    } else if (spec.rotate) {
      TokenBook.Pair<S> pair = spec.book.issue(r.subject(), r.clientId(), r.device(), scopes);
      reply.json(200, spec.body.of(pair.access(), pair.refresh(), true, p));
    } else {
      reply.json(200, spec.body.of(spec.book.issueAccess(r.subject(), r.clientId(), r.device(), scopes), r, false, p));
    }
  }

  private void refuse(R reply, TokenProblem problem, String detail) {
    spec.refusals.refuse(reply, problem, detail);
  }

  /** null = no Basic header; empty = a malformed one; else {id, secret}. */
  private static String[] basic(String header) {
    if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) return null;
    try {
      String pair = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
      int colon = pair.indexOf(':');
      return colon <= 0 ? new String[0] : new String[] {pair.substring(0, colon), pair.substring(colon + 1)};
    } catch (IllegalArgumentException e) {
      return new String[0];
    }
  }
}
