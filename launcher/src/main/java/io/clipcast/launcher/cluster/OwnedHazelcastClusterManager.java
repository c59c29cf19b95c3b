package io.clipcast.launcher.cluster;

import com.hazelcast.core.HazelcastInstance;
import io.vertx.core.Completable;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;

/**
 * Vert.x's Hazelcast cluster manager over a member we started ({@link SecuredMember}). Given an instance, Vert.x
 * leaves the member running when it closes (it assumes someone else owns it); this node owns it, so leaving the
 * cluster also shuts the member down, as Vert.x does for members it starts itself.
 */
public final class OwnedHazelcastClusterManager extends HazelcastClusterManager {
  /** The member attribute where Vert.x looks up a member's node id (HazelcastClusterManager's NODE_ID_ATTRIBUTE). */
  public static final String NODE_ID_ATTRIBUTE = "__vertx.nodeId";

  private final HazelcastInstance member;

  public OwnedHazelcastClusterManager(HazelcastInstance member) {
    super(member);
    this.member = member;
  }

  @Override
  public void leave(Completable<Void> done) {
    super.leave((ignored, failure) -> {
      // a thread of its own: a graceful shutdown waits for partition hand-over, never on an event loop
      Thread stopper = new Thread(() -> {
        try {
          member.getLifecycleService().shutdown();
        } finally {
          done.complete(null, failure);
        }
      }, "hazelcast-member-stop");
      stopper.setDaemon(true);
      stopper.start();
    });
  }
}
