package io.clipcast.platforms.tiktok;

import io.clipcast.platforms.Publishing;

/**
 * How this server reaches TikTok, chosen by {@code oauth.clients.tiktok.route}: {@code direct} (its own TikTok app,
 * {@link TikTokDirect}: OAuth sign-in and stats) or {@code blotato} (the Blotato publishing API, a token connect and no
 * stats). Users see platform {@code tiktok} either way; the capabilities are the types the chosen route implements.
 */
public interface TikTokRoute extends Publishing {}
