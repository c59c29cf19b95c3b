package io.clipcast.launcher.cluster;

import com.hazelcast.config.Config;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.instance.impl.HazelcastInstanceFactory;
import io.vertx.core.Future;
import io.vertx.core.Promise;

/** Starts this node's Hazelcast member with the {@code cluster.secret} handshake on every member connection. */
public final class SecuredMember {
  private SecuredMember() {}

  /**
   * Starts the member on a thread of its own (joining blocks for up to {@code cluster.joinTimeoutSeconds}, and no
   * Vert.x exists yet to run it on).
   */
  public static Future<HazelcastInstance> start(Config config, MemberHandshake handshake) {
    Promise<HazelcastInstance> started = Promise.promise();
    Thread starter = new Thread(() -> {
      try {
        started.complete(HazelcastInstanceFactory.newHazelcastInstance(config, config.getInstanceName(),
            new HandshakeNodeContext(handshake)));
      } catch (Throwable e) {
        started.fail(e);
      }
    }, "hazelcast-member-start");
    starter.setDaemon(true);
    starter.start();
    return started.future();
  }
}
