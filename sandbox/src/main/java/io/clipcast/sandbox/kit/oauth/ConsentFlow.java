package io.clipcast.sandbox.kit.oauth;

import io.clipcast.sandbox.kit.Reply;
import io.vertx.core.MultiMap;
import io.vertx.ext.web.RoutingContext;

/**
 * The browser side of an authorization server (authorize, consent page, approve; docs/sandbox.md). A platform declares
 * only its request checks, pages and what its redirect carries.
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

  /** A flow whose request is its parameters as they came. */
  public abstract static class OnParams extends ConsentFlow<MultiMap> {
    @Override
    public final MultiMap request(MultiMap params) {
      return params;
    }
  }

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
    Q request = checked(reply, q, false);
    if (request == null) return;
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
    Q request = checked(reply, f, true);
    if (request == null) return;
    if (declined(f)) {
      reply.redirect(refusal(request));
      return;
    }
    Outcome outcome = approved(request, f);
    if (outcome.page() != null) reply.html(outcome.page().status(), outcome.page().html());
    else reply.redirect(outcome.location());
  }

  /**
   * The request when it may go on; else null, answered with its error page (status 400 for a posted form) or its early
   * refusal. A hand-made form gets no more than the authorization page would grant.
   */
  private Q checked(Reply reply, MultiMap params, boolean form) {
    Page problem = problem(params);
    if (problem != null) {
      reply.html(form ? 400 : problem.status(), problem.html());
      return null;
    }
    Q request = request(params);
    String early = earlyRefusal(request);
    if (early == null) return request;
    reply.redirect(early);
    return null;
  }
}
