package io.clipcast.platforms.tiktok.blotato;

import io.clipcast.platforms.ConnectedAccount;
import io.clipcast.platforms.ConnectorSettings;
import io.clipcast.platforms.CredentialsRejected;
import io.clipcast.platforms.ErrorKind;
import io.clipcast.platforms.PlatformFailure;
import io.clipcast.platforms.PublishContext;
import io.clipcast.platforms.PublishResult;
import io.clipcast.platforms.TokenSignIn;
import io.clipcast.platforms.tiktok.TikTokRoute;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * TikTok through Blotato (docs/platforms/tiktok.md), with this server's Blotato key ({@code oauth.clients.tiktok.blotatoApiKey}).
 * Connect: {@code POST /api/v1/connections {"platform":"tiktok","credentials":{"accountId":"…"}}}, checked against
 * {@code GET /v2/users/me/accounts?platform=tiktok}. Publish: checkpoint {@code submitRequestedAt} → {@code POST
 * /v2/posts} (Blotato pulls the signed media URL) → checkpoint {@code postSubmissionId} → poll {@code GET
 * /v2/posts/{id}} until {@code published} ({@code publicUrl}) or {@code failed} ({@code errorMessage}). Blotato has no
 * idempotency key and no way to list submissions, so a submit whose answer was lost ends {@code unknown} rather than
 * risking a second post. Blotato offers no post statistics.
 */
public final class BlotatoRoute implements TikTokRoute, TokenSignIn {
  private static final List<Long> QUICK_POLLS_MS = List.of(300L, 700L, 1500L);
  private static final Map<String, String> FRIENDLY = Map.of("public", "PUBLIC_TO_EVERYONE", "friends", "MUTUAL_FOLLOW_FRIENDS",
      "followers", "FOLLOWER_OF_CREATOR", "private", "SELF_ONLY");

  private final BlotatoClient client;

  public BlotatoRoute(Vertx vertx, ConnectorSettings settings, int connectMs, long callMs) {
    WebClient web = WebClient.create(vertx, new WebClientOptions().setConnectTimeout(connectMs).setIdleTimeout(60));
    this.client = new BlotatoClient(web, settings.endpoint("blotato"), settings.client().getString("blotatoApiKey", ""), callMs);
  }


  @Override
  public Future<ConnectedAccount> validateCredentials(JsonObject credentials) {
    Object id = credentials.getValue("accountId");
    if (id == null || id.toString().isBlank()) {
      return Future.failedFuture(new CredentialsRejected("credentials.accountId", "Give the Blotato accountId of the TikTok account"
          + " (Blotato → Settings → connected accounts)."));
    }
    if (!client.configured()) {
      return Future.failedFuture(new CredentialsRejected("platform", "This server has no Blotato API key configured"
          + " (oauth.clients.tiktok.blotatoApiKey), so TikTok accounts cannot be connected through Blotato yet."));
    }
    String accountId = id.toString().trim();
    return client.get("/users/me/accounts?platform=tiktok").compose(r -> BlotatoClient.answer(r, "listing the connected accounts"))
        .compose(body -> {
          JsonObject account = body.getJsonArray("items", new JsonArray()).stream().map(o -> (JsonObject) o)
              .filter(a -> accountId.equals(String.valueOf(a.getValue("id")))).findFirst().orElse(null);
          if (account == null) {
            return Future.failedFuture(new CredentialsRejected("credentials.accountId", "Blotato has no TikTok account " + accountId
                + " connected to this server's Blotato workspace. Connect it in Blotato first."));
          }
          String username = account.getString("username");
          String name = account.getString("fullname", username == null ? "TikTok via Blotato" : "@" + username);
          return Future.succeededFuture(new ConnectedAccount(accountId, name, null, accountId, null, null, List.of(),
              new JsonObject().put("route", "blotato").put("accountId", accountId).put("username", username)));
        });
  }

  @Override
  public Future<PublishResult> publish(PublishContext ctx) {
    BlotatoResume state = ctx.resumed(BlotatoResume::from);
    if (state.postSubmissionId() != null) return poll(ctx, state.postSubmissionId(), QUICK_POLLS_MS.size());
    if (state.submitRequestedAt() != null) {
      return Future.failedFuture(PlatformFailure.outcomeUnknown("The post was handed to Blotato but its answer never came, and Blotato"
          + " offers no way to look the submission up.", null));
    }
    String url = ctx.clip().mediaUrl();
    if (url == null || url.isBlank()) {
      return Future.failedFuture(PlatformFailure.permanent(null, "This clip has no public link for Blotato to download it from."));
    }
    String accountId = ctx.account().metadata() == null ? ctx.account().externalAccountId()
        : ctx.account().metadata().getString("accountId", ctx.account().externalAccountId());
    JsonObject o = ctx.options();
    String privacy = String.valueOf(o.getValue("privacy", o.getValue("privacyLevel", "public"))).trim();
    privacy = FRIENDLY.getOrDefault(privacy.toLowerCase(Locale.ROOT), privacy.toUpperCase(Locale.ROOT));
    JsonObject body = new JsonObject().put("post", new JsonObject().put("accountId", accountId)
        .put("content", new JsonObject().put("text", ctx.caption() == null ? "" : ctx.caption())
            .put("mediaUrls", new JsonArray().add(url)).put("platform", "tiktok"))
        .put("target", new JsonObject().put("targetType", "tiktok").put("privacyLevel", privacy)
            .put("disabledComments", Boolean.TRUE.equals(o.getValue("disableComment")))
            .put("disabledDuet", Boolean.TRUE.equals(o.getValue("disableDuet")))
            .put("disabledStitch", Boolean.TRUE.equals(o.getValue("disableStitch")))
            .put("isBrandedContent", Boolean.TRUE.equals(o.getValue("brandContent")))
            .put("isYourBrand", Boolean.TRUE.equals(o.getValue("brandOrganic")))
            .put("isAiGenerated", Boolean.TRUE.equals(o.getValue("isAigc")))));
    BlotatoResume submitting = state.submitting(System.currentTimeMillis());
    return ctx.checkpoint(submitting)
        .compose(v -> client.post("/posts", body).transform(ar -> {
          if (ar.failed()) return lostSubmit(ctx, submitting, ar.cause());
          if (ar.result().statusCode() / 100 != 2) {
            // refused: nothing was created, so a retry may submit again
            return ctx.checkpoint(submitting.notSubmitted())
                .compose(x -> BlotatoClient.answer(ar.result(), "the post"));
          }
          return BlotatoClient.answer(ar.result(), "the post");
        }))
        .compose(created -> {
          String id = created.getString("postSubmissionId");
          if (id == null) {
            return Future.failedFuture(PlatformFailure.outcomeUnknown("Blotato accepted the post but did not name the submission.", null));
          }
          return ctx.checkpoint(submitting.submitted(id)).compose(v -> poll(ctx, id, 0));
        });
  }

  /** No answer to the submit: refused connections never reached Blotato; anything later may have created the post. */
  private Future<JsonObject> lostSubmit(PublishContext ctx, BlotatoResume submitting, Throwable e) {
    if (e instanceof java.net.ConnectException) {
      return ctx.checkpoint(submitting.notSubmitted()).compose(v -> Future.failedFuture(new PlatformFailure(
          ErrorKind.RETRYABLE, null, "Blotato could not be reached (" + e.getMessage() + "); it will be retried.", 0, e)));
    }
    return Future.failedFuture(PlatformFailure.outcomeUnknown("The post was sent to Blotato but no answer came back (" + e.getMessage()
        + ").", e));
  }

  private Future<PublishResult> poll(PublishContext ctx, String id, int round) {
    return client.get("/posts/" + id).recover(e -> Future.failedFuture(PlatformFailure.retryable(null, "Blotato did not answer the status"
            + " check (" + e.getMessage() + "); it will be retried.")))
        .compose(r -> BlotatoClient.answer(r, "the status check"))
        .compose(s -> switch (s.getString("status", "")) {
          case "published" -> Future.succeededFuture(published(id, s.getString("publicUrl")));
          case "failed" -> Future.failedFuture(PlatformFailure.permanent("blotato_failed", "Blotato could not publish to TikTok: "
              + s.getString("errorMessage", "no reason given") + "."));
          default -> round < QUICK_POLLS_MS.size()
              ? ctx.vertx().timer(QUICK_POLLS_MS.get(round)).compose(t -> poll(ctx, id, round + 1))
              : Future.succeededFuture(PublishResult.pending(new JsonObject().put("postSubmissionId", id)
                  .put("status", s.getString("status"))));
        });
  }

  private static PublishResult published(String submissionId, String publicUrl) {
    String videoId = publicUrl == null ? null : publicUrl.substring(publicUrl.lastIndexOf('/') + 1);
    String external = videoId == null || videoId.isBlank() ? submissionId : videoId;
    return PublishResult.published(external, publicUrl, new JsonObject().put("via", "blotato").put("postSubmissionId", submissionId));
  }
}
