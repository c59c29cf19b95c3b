package io.clipcast.platforms.catalog;

import java.util.Optional;

/**
 * Everything {@code conf/platforms/<id>.json} says about one platform, typed and checked. Blocks only some platforms
 * have are {@link Optional}: {@code dailyQuota} (a daily cap), {@code api} (API version and scopes), {@code feed}
 * (platforms that pull a feed), {@code upload} and {@code shorts} (YouTube), {@code connection} (notes on what a
 * connection holds), {@code route} (ways to reach the platform), {@code app} (what the platform demands of this
 * deployment's app). The catalog holds what is true of a platform everywhere; {@link #forApp} adapts it to one
 * deployment's app settings.
 */
public record PlatformRules(String id, String displayName, RateLimitRules rateLimits, Optional<DailyQuota> dailyQuota, TextRules text,
                            MediaRules media, Recheck recheck, Optional<ApiRules> api, Optional<FeedRules> feed,
                            Optional<UploadRules> upload, Optional<ShortsRules> shorts, Optional<ConnectionNotes> connection,
                            Optional<RouteNotes> route, Optional<AppRules> app) {

  static PlatformRules read(String expectedId, JsonFields f) {
    String id = f.string("id");
    if (!id.equals(expectedId)) throw f.error("id", "must be \"" + expectedId + "\", the file's name, got \"" + id + "\".");
    PlatformRules r = new PlatformRules(id, f.string("displayName"), RateLimitRules.read(f.object("rateLimits")),
        Optional.ofNullable(f.optObject("dailyQuota")).map(DailyQuota::read), TextRules.read(f.object("text")),
        MediaRules.read(f.object("media")), Recheck.read(f.object("recheck")),
        Optional.ofNullable(f.optObject("api")).map(ApiRules::read), Optional.ofNullable(f.optObject("feed")).map(FeedRules::read),
        Optional.ofNullable(f.optObject("upload")).map(UploadRules::read), Optional.ofNullable(f.optObject("shorts")).map(ShortsRules::read),
        Optional.ofNullable(f.optObject("connection")).map(ConnectionNotes::read), Optional.ofNullable(f.optObject("route")).map(RouteNotes::read),
        Optional.ofNullable(f.optObject("app")).map(AppRules::read));
    f.end();
    return r;
  }

  /** The rules as the deployment whose app settings are {@code client} ({@code oauth.clients.<id>}) meets them. */
  public PlatformRules forApp(io.vertx.core.json.JsonObject client) {
    return new PlatformRules(id, displayName, rateLimits, dailyQuota, text, media.forApp(client), recheck, api, feed, upload, shorts,
        connection, route, app);
  }
}
