package io.clipcast.api.publications;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.clipcast.publication.StatusChange;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Recently read publications ({@code GET /publications/{id}}, the call dashboards poll), already encoded. A status
 * change anywhere in the cluster drops the entry at once (the clustered event bus); what changes without an event —
 * upload progress, written at most once a second — is at most {@code publications.viewCacheMs} old. 0 turns it off.
 */
final class PublicationViews {
  record View(UUID userId, Buffer json) {}

  private final Cache<UUID, View> cache;
  private final boolean enabled;
  /** Bumped by every invalidation: a read that started before one must not cache what it read. */
  private final AtomicLong generation = new AtomicLong();
  private MessageConsumer<JsonObject> changes;

  PublicationViews(JsonObject publications) {
    long ttlMs = publications.getLong("viewCacheMs");
    this.enabled = ttlMs > 0;
    this.cache = Caffeine.newBuilder().maximumSize(Math.max(1, publications.getLong("viewCacheEntries")))
        .expireAfterWrite(Duration.ofMillis(Math.max(1, ttlMs))).build();
  }

  /** Starts listening for status changes; call from the verticle's start. */
  void listen(Vertx vertx) {
    if (!enabled) return;
    changes = vertx.eventBus().consumer(StatusChange.ADDRESS, msg -> {
      String id = msg.body().getString("publicationId");
      if (id != null) invalidate(UUID.fromString(id));
    });
  }

  /** The cached view of {@code id} when {@code user} owns it. */
  Optional<Buffer> get(UUID id, UUID user) {
    if (!enabled) return Optional.empty();
    View v = cache.getIfPresent(id);
    return v != null && v.userId().equals(user) ? Optional.of(v.json()) : Optional.empty();
  }

  /** Call before reading from Postgres; pass the token to {@link #put}. */
  long readStarts() {
    return generation.get();
  }

  void put(UUID id, UUID user, Buffer json, long readStarted) {
    if (enabled && generation.get() == readStarted) cache.put(id, new View(user, json));
  }

  void invalidate(UUID id) {
    generation.incrementAndGet();
    cache.invalidate(id);
  }
}
