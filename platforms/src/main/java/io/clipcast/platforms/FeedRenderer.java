package io.clipcast.platforms;

import java.util.List;

/**
 * A platform without a publishing API that pulls posts from a feed Clipcast serves for the connection (Dzen's RSS
 * import). Having this capability is also how the API tells whether a connection has a feed.
 */
public interface FeedRenderer {
  /** The feed document listing {@code items}, newest first, served at {@code selfUrl}. */
  String renderFeed(ConnectedAccount account, String selfUrl, List<FeedItem> items);
}
