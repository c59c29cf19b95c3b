package io.clipcast.platforms;

import java.time.Instant;
import java.util.UUID;

/**
 * One post in a feed that a feed-based platform pulls from Clipcast: the publication it stands for (its stable id),
 * the text the user wrote, and an absolute, signed URL the platform downloads the clip from.
 */
public record FeedItem(UUID publicationId, String title, String caption, String mediaUrl, String contentType, long sizeBytes,
                       Instant publishedAt) {}
