package io.clipcast.platforms.catalog;

import java.util.Optional;

/**
 * Everything {@code conf/platforms/<id>.json} says about one platform, typed and checked. Blocks only some platforms
 * have are {@link Optional}: {@code dailyQuota} (a daily cap), {@code api} (API version and scopes), {@code feed}
 * (platforms that pull a feed), {@code upload} and {@code shorts} (YouTube), {@code connection} (notes on what a
 * connection holds), {@code route} (ways to reach the platform), {@code app} (what the platform demands of this
 * deployment's app). {@code localBotApi}: Telegram through a self-hosted Bot API server (false when absent).
 */
public record PlatformRules(String id, String displayName, RateLimitRules rateLimits, Optional<DailyQuota> dailyQuota, TextRules text,
                            MediaRules media, Recheck recheck, boolean localBotApi, Optional<ApiRules> api, Optional<FeedRules> feed,
                            Optional<UploadRules> upload, Optional<ShortsRules> shorts, Optional<ConnectionNotes> connection,
                            Optional<RouteNotes> route, Optional<AppRules> app) {

  static PlatformRules read(String expectedId, JsonFields f) {
    String id = f.string("id");
    if (!id.equals(expectedId)) throw f.error("id", "must be \"" + expectedId + "\", the file's name, got \"" + id + "\".");
    PlatformRules r = new PlatformRules(id, f.string("displayName"), RateLimitRules.read(f.object("rateLimits")),
        Optional.ofNullable(f.optObject("dailyQuota")).map(DailyQuota::read), TextRules.read(f.object("text")),
        MediaRules.read(f.object("media")), Recheck.read(f.object("recheck")), f.optBool("localBotApi", false),
        Optional.ofNullable(f.optObject("api")).map(ApiRules::read), Optional.ofNullable(f.optObject("feed")).map(FeedRules::read),
        Optional.ofNullable(f.optObject("upload")).map(UploadRules::read), Optional.ofNullable(f.optObject("shorts")).map(ShortsRules::read),
        Optional.ofNullable(f.optObject("connection")).map(ConnectionNotes::read), Optional.ofNullable(f.optObject("route")).map(RouteNotes::read),
        Optional.ofNullable(f.optObject("app")).map(AppRules::read));
    f.end();
    return r;
  }
}
