package io.clipcast.sandbox.linkedin;

import io.clipcast.sandbox.kit.oauth.TokenBook;
import io.clipcast.sandbox.kit.CallFaults;
import io.clipcast.sandbox.kit.SandboxKit;
import io.vertx.ext.web.RoutingContext;

import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What every call to {@code api.linkedin.com} goes through before its work: the fault drawn for the operation
 * ({@code http_error}, {@code rate_limit} (429 with {@code Retry-After}), {@code reset}, {@code hang} act out here;
 * {@code lost_response}, {@code token_expired}, {@code processing_failure} travel on in the {@link Reply}), then — for
 * the versioned {@code /rest} API — the {@code LinkedIn-Version} (an active {@code YYYYMM}) and
 * {@code X-Restli-Protocol-Version: 2.0.0} headers, then the bearer token.
 */
record RestGate(SandboxKit kit, LinkedInTokens tokens, LinkedInDirectory directory, LinkedInSettings settings) {
  private static final Pattern VERSION = Pattern.compile("(\\d{4})(\\d{2})(\\.\\d{2})?");

  record Caller(TokenBook.Grant<String> token, LinkedInDirectory.Member member) {
    boolean has(String scope) {
      return token.scopes().contains(scope);
    }
  }

  interface Work {
    void run(Caller caller, Reply reply);
  }

  /** A versioned {@code /rest/...} call. */
  void rest(RoutingContext ctx, String operation, Work work) {
    run(ctx, operation, true, work);
  }

  /** An unversioned call ({@code /v2/userinfo}): bearer token only. */
  void plain(RoutingContext ctx, String operation, Work work) {
    run(ctx, operation, false, work);
  }

  private void run(RoutingContext ctx, String operation, boolean versioned, Work work) {
    CallFaults.run(kit, "linkedin", operation, ctx, Reply::new, (f, reply) -> switch (f.kind()) {
      case "http_error" -> {
        reply.error(f.status(), null, null, f.status() == 503 ? "Service Unavailable" : "Internal Server Error");
        yield true;
      }
      case "rate_limit" -> {
        tooManyRequests(reply, f.retryAfterSeconds());
        yield true;
      }
      default -> false;
    }, reply -> checked(ctx, versioned, reply, work));
  }

  static void tooManyRequests(Reply reply, int retryAfterSeconds) {
    reply.ctx().response().putHeader("Retry-After", Integer.toString(retryAfterSeconds));
    reply.error(429, "TOO_MANY_REQUESTS", 101, "Too many requests. Retry after " + retryAfterSeconds + " seconds.");
  }

  private void checked(RoutingContext ctx, boolean versioned, Reply reply, Work work) {
    if (versioned && !headersOk(ctx, reply)) return;
    String auth = ctx.request().getHeader("Authorization");
    if (auth == null || !auth.startsWith("Bearer ") || auth.length() == 7) {
      reply.error(401, "INVALID_ACCESS_TOKEN", 65600, "Empty oauth2 access token");
      return;
    }
    TokenBook.Grant<String> token = tokens.book.access(auth.substring(7).trim()).orElse(null);
    if (token == null) {
      reply.error(401, "INVALID_ACCESS_TOKEN", 65600, "Invalid access token");
      return;
    }
    if (token.expired() || reply.drawn("token_expired")) {
      reply.error(401, "EXPIRED_ACCESS_TOKEN", 65601, "The token used in the request has expired");
      return;
    }
    LinkedInDirectory.Member member = directory.member(token.subject()).orElse(LinkedInDirectory.DEFAULT_MEMBER);
    work.run(new Caller(token, member), reply);
  }

  private boolean headersOk(RoutingContext ctx, Reply reply) {
    String version = ctx.request().getHeader("LinkedIn-Version");
    if (version == null || version.isBlank()) {
      reply.error(400, "VERSION_MISSING", null, "A version must be present. Please specify a version by adding the LinkedIn-Version header.");
      return false;
    }
    Matcher m = VERSION.matcher(version.trim());
    int month = m.matches() ? Integer.parseInt(m.group(2)) : 0;
    if (month < 1 || month > 12) {
      reply.error(400, "INVALID_VERSION", null, "Invalid LinkedIn-Version '" + version + "': expected YYYYMM, e.g. 202610.");
      return false;
    }
    YearMonth requested = YearMonth.of(Integer.parseInt(m.group(1)), month);
    YearMonth now = YearMonth.now(ZoneOffset.UTC);
    if (requested.isAfter(now) || requested.isBefore(now.minusMonths(settings.activeVersionMonths - 1L))) {
      reply.error(426, "NONEXISTENT_VERSION", null, "Requested version " + version + " is not active");
      return false;
    }
    String restli = ctx.request().getHeader("X-Restli-Protocol-Version");
    if (!"2.0.0".equals(restli)) {
      reply.error(400, "ILLEGAL_ARGUMENT", null, "X-Restli-Protocol-Version must be 2.0.0 for the versioned API"
          + (restli == null ? " (header missing)" : " (got '" + restli + "')"));
      return false;
    }
    return true;
  }
}
