package io.clipcast.sandbox.kit.oauth;

import io.clipcast.sandbox.kit.Reply;
import io.vertx.core.MultiMap;
import io.vertx.ext.web.RoutingContext;

/**
 * The browser side of an authorization server: {@code GET authorize} checks the request (a bad one gets the platform's
 * error page, never a redirect to an unverified URL), then redirects at once with a code when auto-approve is on or
 * shows the consent page; the consent page's form posts back to {@code approve}, which checks the request again and
 * redirects with a code, or with the platform's refusal when the user declines. A platform declares only its request
 * checks, pages and what its redirect carries.
 *
 * @param <Q> the platform's parsed authorization request
 */
public abstract class ConsentFlow<Q> {
  /** Approve at once, as the platform's chosen account, without showing the consent page (control API). */
  protected volatile boolean autoApprove;

  /** An HTML page to answer with. */
  public record Page(int status, String html) {}

  /** Where the browser goes after the form: a redirect location, or a page when the form's choice is not acceptable. */
  public record Outcome(String location, Page page) {
    public static Outcome redirect(String location) {
      return new Outcome(location, null);
    }

    public static Outcome page(int status, String html) {
      return new Outcome(null, new Page(status, html));
    }
  }

  /** The error page for an invalid authorization request, or null when it is fine. */
  public abstract Page problem(MultiMap params);

  public abstract Q request(MultiMap params);

  /** A redirect back to the app before any consent (e.g. a scope the app's products do not grant), or null. */
  public String earlyRefusal(Q request) {
    return null;
  }

  /** Issues a code as the auto-approving account; the redirect location. */
  public abstract String autoGrant(Q request);

  public abstract Page consent(Q request, MultiMap params);

  /** True when the consent form says no ({@code decision=deny} unless the platform names it otherwise). */
  public boolean declined(MultiMap form) {
    return "deny".equals(form.get("decision"));
  }

  /** The redirect that tells the app the user said no. */
  public abstract String refusal(Q request);

  /** Issues a code for the account the form chose. */
  public abstract Outcome approved(Q request, MultiMap form);

  public final void authorize(RoutingContext ctx) {
    Reply reply = new Reply(ctx, null);
    MultiMap q = ctx.queryParams();
    Page problem = problem(q);
    if (problem != null) {
      reply.html(problem.status(), problem.html());
      return;
    }
    Q request = request(q);
    String early = earlyRefusal(request);
    if (early != null) {
      reply.redirect(early);
      return;
    }
    if (autoApprove) {
      reply.redirect(autoGrant(request));
      return;
    }
    Page consent = consent(request, q);
    reply.html(consent.status(), consent.html());
  }

  public final void approve(RoutingContext ctx) {
    Reply reply = new Reply(ctx, null);
    MultiMap f = ctx.request().formAttributes();
    Page problem = problem(f);
    if (problem != null) {
      reply.html(400, problem.html());
      return;
    }
    Q request = request(f);
    String early = earlyRefusal(request);   // a hand-made form gets no more than the authorization page would grant
    if (early != null) {
      reply.redirect(early);
      return;
    }
    if (declined(f)) {
      reply.redirect(refusal(request));
      return;
    }
    Outcome outcome = approved(request, f);
    if (outcome.page() != null) reply.html(outcome.page().status(), outcome.page().html());
    else reply.redirect(outcome.location());
  }
}
