package io.clipcast.sandbox.rutube;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/** The handlers behind each Rutube API path (docs/platforms/rutube.md), each answering in DRF's shapes through {@link DrfReply}. */
record RutubeEndpoints(RutubeAccounts accounts, RutubeVideos videos, RutubeSettings settings) {
  private static final int PER_PAGE = 20;

  void tokenAuth(DrfReply reply) {
    params(reply).ifPresent(p -> accounts.tokenAuth(reply, p));
  }

  /** {@code GET /api/accounts/profile/}, {@code GET /api/profile/user/}: the token's own profile (the token check). */
  void profile(DrfReply reply) {
    authenticated(reply, a -> reply.json(200, a.profile()));
  }

  /** {@code GET /api/profile/user/<id>/}: a channel's public card. */
  void channel(DrfReply reply, long userId) {
    anyone(reply, caller -> accounts.byId(userId).ifPresentOrElse(a -> {
      List<RutubeVideo> published = videos.ofOwner(userId).stream().filter(v -> v.ready() && !v.form.hidden()).toList();
      reply.json(200, a.profile().put("video_count", published.size())
          .put("hits", published.stream().mapToLong(v -> v.hits(settings.hitsPerSecond)).sum()).put("subscribers_count", 0));
    }, () -> reply.detail(404, "Not found.")));
  }

  /** {@code POST /api/video/}: validate, create, start pulling; answers 201 {@code {"video_id": …}}. */
  void create(DrfReply reply) {
    authenticated(reply, owner -> params(reply).ifPresent(p -> {
      VideoCreateForm form = VideoCreateForm.validate(p);
      if (!form.valid()) {
        reply.fieldErrors(form.errors());
        return;
      }
      RutubeVideo video = videos.create(owner, form.values(), reply.drawn("processing_failure"));
      reply.json(201, new JsonObject().put("video_id", video.id));
    }));
  }

  /** {@code GET /api/video/<id>/}: public read (a bad token still gets 401, as DRF authenticates first). */
  void video(DrfReply reply, String id) {
    anyone(reply, caller -> {
      if (!jsonFormat(reply)) return;
      videos.get(id).ifPresentOrElse(v -> reply.json(200, v.toJson(settings.hitsPerSecond)),
          () -> reply.detail(404, "Not found."));
    });
  }

  /**
   * {@code GET /api/video/person/<user_id>/?page=N}, newest first, DRF page-number pagination. Anyone sees the user's
   * ready public videos; the owner's own token also lists hidden ones and those still processing or failed (what the
   * owner sees in their studio) — sandbox behaviour, docs/platforms/rutube.md does not say which videos the list includes.
   */
  void person(DrfReply reply, long userId) {
    anyone(reply, caller -> {
      if (!jsonFormat(reply)) return;
      if (accounts.byId(userId).isEmpty()) {
        reply.detail(404, "Not found.");
        return;
      }
      page(reply, userId, caller.isPresent() && caller.get().userId() == userId);
    });
  }

  /**
   * {@code GET /api/video/person/?page=N&limit=M}: the token's own videos ("список личных видео", the call Rutube's
   * own client makes with a token, docs/platforms/rutube.md); 401 without a valid token. Each video names its
   * {@code author}, which is how a bare token's owner is learnt.
   */
  void own(DrfReply reply) {
    authenticated(reply, owner -> {
      if (jsonFormat(reply)) page(reply, owner.userId(), true);
    });
  }

  /** DRF page-number pagination, newest first; {@code limit} sets the page size (Rutube's client sends it; default 20). */
  private void page(DrfReply reply, long userId, boolean own) {
    List<RutubeVideo> list = videos.ofOwner(userId).stream().filter(v -> own || (v.ready() && !v.form.hidden())).toList();
    int page = number(reply.ctx().request().getParam("page", "1"));
    int perPage = Math.min(100, number(reply.ctx().request().getParam("limit", Integer.toString(PER_PAGE))));
    int pages = perPage < 1 ? 0 : Math.max(1, (list.size() + perPage - 1) / perPage);
    if (page < 1 || page > pages) {
      reply.detail(404, "Invalid page.");
      return;
    }
    JsonArray results = new JsonArray();
    list.subList((page - 1) * perPage, Math.min(list.size(), page * perPage)).forEach(v -> results.add(v.toJson(settings.hitsPerSecond)));
    String self = reply.ctx().request().absoluteURI().replaceFirst("\\?.*$", "");
    String limit = reply.ctx().request().getParam("limit") == null ? "" : "&limit=" + perPage;
    reply.json(200, new JsonObject().put("has_next", page < pages)
        .put("next", page < pages ? self + "?page=" + (page + 1) + limit : null)
        .put("previous", page > 1 ? self + "?page=" + (page - 1) + limit : null)
        .put("page", page).put("per_page", perPage).put("results", results));
  }

  private static int number(String value) {
    try {
      return Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  void categories(DrfReply reply) {
    reply.json(200, RutubeCategories.all());
  }

  private void authenticated(DrfReply reply, Consumer<RutubeAccounts.Account> then) {
    anyone(reply, caller -> caller.ifPresentOrElse(then, () -> reply.unauthorized("Authentication credentials were not provided.")));
  }

  private void anyone(DrfReply reply, Consumer<Optional<RutubeAccounts.Account>> then) {
    Optional<RutubeAccounts.Account> caller;
    try {
      caller = accounts.caller(reply.ctx());
    } catch (RutubeAccounts.InvalidToken e) {
      reply.unauthorized(e.getMessage());
      return;
    }
    then.accept(caller);
  }

  /** {@code ?format=json} is accepted on reads; any other renderer DRF does not have is a 404. */
  private static boolean jsonFormat(DrfReply reply) {
    String format = reply.ctx().request().getParam("format");
    if (format == null || format.equals("json")) return true;
    reply.detail(404, "Not found.");
    return false;
  }

  /** The request data as DRF's parsers read it: JSON, urlencoded or multipart form; anything else is a 415. */
  private static Optional<JsonObject> params(DrfReply reply) {
    String type = reply.ctx().request().getHeader("Content-Type");
    String mime = type == null ? "" : type.split(";")[0].trim().toLowerCase(Locale.ROOT);
    if (reply.ctx().body().length() <= 0) return Optional.of(new JsonObject());   // DRF reads an empty body as no data, whatever its type
    switch (mime) {
      case "application/json" -> {
        Object parsed;
        try {
          parsed = reply.ctx().body().buffer().toJsonValue();
        } catch (DecodeException e) {
          reply.detail(400, "JSON parse error - " + e.getMessage());
          return Optional.empty();
        }
        if (parsed instanceof JsonObject o) return Optional.of(o);
        reply.fieldErrors(Map.of("non_field_errors", List.of("Invalid data. Expected a dictionary, but got "
            + (parsed instanceof JsonArray ? "list" : parsed == null ? "NoneType" : parsed.getClass().getSimpleName().toLowerCase(Locale.ROOT)) + ".")));
        return Optional.empty();
      }
      case "application/x-www-form-urlencoded", "multipart/form-data" -> {
        JsonObject p = new JsonObject();
        reply.ctx().request().formAttributes().forEach(e -> p.put(e.getKey(), e.getValue()));
        return Optional.of(p);
      }
      default -> {
        reply.detail(415, "Unsupported media type \"" + (type == null ? "" : type) + "\" in request.");
        return Optional.empty();
      }
    }
  }
}
