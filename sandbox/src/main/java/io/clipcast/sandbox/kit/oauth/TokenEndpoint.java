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
 * The token endpoint of every simulated authorization server ({@code authorization_code} and {@code refresh_token}
 * grants); a platform declares its differences as data in its fields (docs/sandbox.md).
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

  private final List<Step> steps;
  private final Refusals<? super R> refusals;
  private final AuthCodes<C> codes;
  /** The client id's parameter name (TikTok: {@code client_key}). */
  public String clientParam = "client_id";
  /** Client credentials may also come as {@code Authorization: Basic} (RFC 6749 §2.3.1). */
  public boolean basicAuth;
  /** The grant type when none is given (Facebook's code exchange). */
  public String defaultGrant;
  /** A registered client's secret by client id (null = no such client). */
  public Function<String, String> secrets = id -> null;
  private TokenBook<S> book;
  private boolean rotate;
  private Body<S> body;
  /** Whether exchanging a code also earns a refresh token (default: always). */
  public Predicate<C> refreshWithCode = c -> true;
  /** Whether the client may use refresh tokens at all (default: yes). */
  public Predicate<String> refreshAllowed = id -> true;
  /** A {@code scope} parameter on refresh narrows the grant (parsed by this); null: ignored. */
  public Function<String, Set<String>> refreshScopes;
  /** Issues and answers a code exchange itself, without a {@link TokenBook} (Facebook). */
  public Function<C, JsonObject> codeAnswer;
  /** The PKCE flavour (default: RFC 7636, S256 or plain, verifier format checked). */
  public PkceCheck<C> verifier = (v, c) -> Pkce.verifies(v, c.challenge(), c.challengeMethod()) ? Verdict.OK : Verdict.WRONG;
  private final Map<String, List<String>> required = new LinkedHashMap<>(Map.of("authorization_code", List.of("code"), "refresh_token",
      List.of("refresh_token")));
  private final Map<String, ExtraGrant<R>> extraGrants = new HashMap<>();

  /** The platform's refusals, the codes it issued, and its request checks in the order it runs them. */
  public TokenEndpoint(Refusals<? super R> refusals, AuthCodes<C> codes, Step... steps) {
    this.refusals = refusals;
    this.codes = codes;
    this.steps = List.of(steps);
  }

  /** Tokens issued from {@code tokens}; {@code rotating}: a refresh uses its refresh token up and issues a new pair. */
  public void tokens(TokenBook<S> tokens, boolean rotating, Body<S> answer) {
    book = tokens;
    rotate = rotating;
    body = answer;
  }

  /** The parameters {@code grantType} requires, in the order they are checked; only listed grant types are taken. */
  public void require(String grantType, String... params) {
    required.put(grantType, List.of(params));
  }

  /** Only the listed grant types are taken. */
  public void grants(String... grantTypes) {
    required.keySet().retainAll(Set.of(grantTypes));
  }

  public void grant(String grantType, ExtraGrant<R> handler, String... params) {
    extraGrants.put(grantType, handler);
    require(grantType, params);
  }

  /** A token request whose parameters are form fields. */
  public void handle(RoutingContext ctx, R reply) {
    handle(ctx, reply, ctx.request().formAttributes());
  }

  /** A token request with the parameters {@code p} (Facebook's GET takes them from the query string). */
  public void handle(RoutingContext ctx, R reply, MultiMap p) {
    String grantType = blank(p.get("grant_type")) && defaultGrant != null ? defaultGrant : p.get("grant_type");
    String clientId = p.get(clientParam);
    for (Step step : steps) {
      switch (step) {
        case FORM -> {
          if (!OAuthParams.isForm(ctx)) {
            refuse(reply, TokenProblem.NOT_FORM, null);
            return;
          }
        }
        case CLIENT_PRESENT -> {
          String missing = OAuthParams.missing(p, clientParam, "client_secret");
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
          if (!required.containsKey(grantType)) {
            refuse(reply, TokenProblem.UNSUPPORTED_GRANT, grantType);
            return;
          }
        }
        case REQUIRED -> {
          String missing = OAuthParams.missing(p, required.get(grantType).toArray(String[]::new));
          if (missing != null) {
            refuse(reply, TokenProblem.MISSING, missing);
            return;
          }
        }
      }
    }
    ExtraGrant<R> extra = extraGrants.get(grantType);
    if (extra != null) extra.run(reply, clientId, p);
    else if ("authorization_code".equals(grantType)) exchange(reply, clientId, p);
    else refresh(reply, clientId, p);
  }

  /** The authenticated client's id, or null when refused. */
  private String authenticate(RoutingContext ctx, MultiMap p, R reply) {
    String id = p.get(clientParam);
    String secret = p.get("client_secret");
    String[] basic = basicAuth ? basic(ctx.request().getHeader("Authorization")) : null;
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
    String registered = id == null ? null : secrets.apply(id);
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
    AuthCodes.Taken<C> taken = codes.take(p.get("code")).orElse(null);
    C code = taken == null ? null : taken.grant();
    TokenProblem problem;
    if (code == null) problem = TokenProblem.CODE_UNKNOWN;
    else if (taken.expired()) problem = TokenProblem.CODE_EXPIRED;
    else if (!code.clientId().equals(clientId)) problem = TokenProblem.CODE_OTHER_CLIENT;
    else if (code.redirectUri() != null && !code.redirectUri().equals(p.get("redirect_uri"))) problem = TokenProblem.CODE_OTHER_REDIRECT;
    else if (code.device() != null && !code.device().equals(p.get("device_id"))) problem = TokenProblem.CODE_OTHER_DEVICE;
    else if (code.challenge() != null && blank(p.get("code_verifier"))) problem = TokenProblem.VERIFIER_MISSING;
    else if (code.challenge() != null) problem = switch (verifier.check(p.get("code_verifier"), code)) {
      case OK -> null;
      case MALFORMED -> TokenProblem.VERIFIER_MALFORMED;
      case WRONG -> TokenProblem.VERIFIER_WRONG;
    };
    else problem = null;
    if (problem != null) {
      refuse(reply, problem, null);
    } else if (codeAnswer != null) {
      reply.json(200, codeAnswer.apply(code));
    } else {
      TokenBook.Grant<S> access = book.issueAccess(code.subject(), code.clientId(), code.device(), code.scopes());
      TokenBook.Grant<S> refresh = refreshWithCode.test(code)
          ? book.issueRefresh(code.subject(), code.clientId(), code.device(), code.scopes()) : null;
      reply.json(200, body.of(access, refresh, true, p));
    }
  }

  private void refresh(R reply, String clientId, MultiMap p) {
    if (!refreshAllowed.test(clientId)) {
      refuse(reply, TokenProblem.REFRESH_NOT_ALLOWED, null);
      return;
    }
    if (reply.drawn("token_expired")) {
      refuse(reply, TokenProblem.REFRESH_EXPIRED_FAULT, null);
      return;
    }
    TokenBook.Grant<S> r = book.refresh(p.get("refresh_token")).orElse(null);
    Set<String> scopes = r == null || refreshScopes == null || blank(p.get("scope")) ? r == null ? null : r.scopes()
        : refreshScopes.apply(p.get("scope"));
    TokenProblem problem;
    if (r == null) problem = TokenProblem.REFRESH_UNKNOWN;
    else if (r.expired()) problem = TokenProblem.REFRESH_EXPIRED;
    else if (!r.clientId().equals(clientId)) problem = TokenProblem.REFRESH_OTHER_CLIENT;
    else if (r.device() != null && !r.device().equals(p.get("device_id"))) problem = TokenProblem.REFRESH_OTHER_DEVICE;
    else if (!r.scopes().containsAll(scopes)) problem = TokenProblem.REFRESH_SCOPE_WIDER;
    else if (rotate && !book.consume(r)) problem = TokenProblem.REFRESH_USED;
    else problem = null;
    if (problem != null) {
      refuse(reply, problem, null);
    } else if (rotate) {
      TokenBook.Pair<S> pair = book.issue(r.subject(), r.clientId(), r.device(), scopes);
      reply.json(200, body.of(pair.access(), pair.refresh(), true, p));
    } else {
      reply.json(200, body.of(book.issueAccess(r.subject(), r.clientId(), r.device(), scopes), r, false, p));
    }
  }

  private void refuse(R reply, TokenProblem problem, String detail) {
    refusals.refuse(reply, problem, detail);
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
