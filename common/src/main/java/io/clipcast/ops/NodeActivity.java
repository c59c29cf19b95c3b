package io.clipcast.ops;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * What this node's publish workers are doing right now, for {@code /cluster}: the queue leases they hold (job, platform,
 * since when, until when the lease runs), the uploads in flight (bytes sent of the clip's size) and each platform
 * breaker's state. One per Vert.x instance, shared by the node's publish verticles; the node's info service reads it
 * when another member asks over the event bus. Held weakly so a closed node's entry goes with it.
 */
public final class NodeActivity {
  private static final Map<Vertx, NodeActivity> NODES = Collections.synchronizedMap(new WeakHashMap<>());

  private final Map<String, Claim> claims = new ConcurrentHashMap<>();
  private final Map<String, Upload> uploads = new ConcurrentHashMap<>();
  private final Map<String, Supplier<JsonObject>> breakers = new ConcurrentHashMap<>();

  public static NodeActivity of(Vertx vertx) {
    return NODES.computeIfAbsent(vertx, v -> new NodeActivity());
  }

  private record Claim(String jobId, String platform, Instant since, AtomicLong leaseExpiresMs) {}

  private record Upload(String publicationId, String platform, Instant since, long totalBytes, AtomicLong bytesSent) {}

  /** A worker leased {@code jobId} (the publication id) until {@code leaseExpiresAt}. */
  public void claimed(String jobId, String platform, Instant leaseExpiresAt) {
    claims.put(jobId, new Claim(jobId, platform, Instant.now(), new AtomicLong(leaseExpiresAt.toEpochMilli())));
  }

  /** The lease was extended to {@code leaseExpiresAt}. */
  public void extended(String jobId, Instant leaseExpiresAt) {
    Claim c = claims.get(jobId);
    if (c != null) c.leaseExpiresMs().set(leaseExpiresAt.toEpochMilli());
  }

  /** The worker is done with the job (acked, requeued or handed back): neither claim nor upload is held any more. */
  public void released(String jobId) {
    claims.remove(jobId);
    uploads.remove(jobId);
  }

  /**
   * The connector has sent {@code bytesSent} of the clip's {@code totalBytes} for this publication. The first report
   * lists the upload, so an attempt that only checks processing or posts a link never shows as one.
   */
  public void progress(String publicationId, String platform, long bytesSent, long totalBytes) {
    uploads.computeIfAbsent(publicationId, id -> new Upload(id, platform, Instant.now(), totalBytes, new AtomicLong()))
        .bytesSent().set(bytesSent);
  }

  /** Reports the state of {@code platform}'s breaker when asked (JSON with at least {@code state}). */
  public void breaker(String platform, Supplier<JsonObject> state) {
    breakers.put(platform, state);
  }

  public JsonObject toJson() {
    JsonArray claimList = new JsonArray();
    claims.values().stream().sorted(java.util.Comparator.comparing(Claim::since)).forEach(c -> claimList.add(new JsonObject()
        .put("jobId", c.jobId()).put("publicationId", c.jobId()).put("platform", c.platform()).put("since", c.since().toString())
        .put("leaseExpiresAt", Instant.ofEpochMilli(c.leaseExpiresMs().get()).toString())));
    JsonArray uploadList = new JsonArray();
    uploads.values().stream().sorted(java.util.Comparator.comparing(Upload::since)).forEach(u -> uploadList.add(new JsonObject()
        .put("publicationId", u.publicationId()).put("platform", u.platform()).put("since", u.since().toString())
        .put("bytesSent", u.bytesSent().get()).put("totalBytes", u.totalBytes())));
    JsonObject breakerStates = new JsonObject();
    new java.util.TreeMap<>(breakers).forEach((platform, state) -> breakerStates.put(platform, state.get()));
    return new JsonObject().put("claims", claimList).put("uploads", uploadList).put("breakers", breakerStates);
  }
}
