package io.clipcast.api.feeds;

/** User-Agents the feed tests fetch with. */
final class FeedAgents {
  private FeedAgents() {}

  /** Дзен's RSS robot as Yandex's own robots table spells it (docs/platforms/dzen.md, "Who fetched the feed"). */
  static final String ROBOT = "Mozilla/5.0 (compatible; YandexZenRss/1.0; +http://yandex.com/bots)";
  static final String BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";
}
