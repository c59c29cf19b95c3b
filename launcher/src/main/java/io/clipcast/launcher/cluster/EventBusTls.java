package io.clipcast.launcher.cluster;

import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;

/**
 * Mutual TLS on the clustered event bus from {@code cluster.tls}: every node serves and dials with its own
 * certificate and accepts only peers whose certificate the cluster CA signed. A process without such a
 * certificate can neither send to nor receive from this node's bus, even if it learns the bus port, and this
 * node sends nothing to a bus whose certificate the CA did not sign. Vert.x
 * does not check host names on the bus, so any certificate from the cluster CA is a member: that CA must
 * sign nothing else.
 */
public final class EventBusTls {
  private EventBusTls() {}

  public static EventBusOptions apply(EventBusOptions options, JsonObject tls) {
    if (!tls.getBoolean("enabled")) return options;
    return options.setSsl(true)
        .setClientAuth(ClientAuth.REQUIRED)
        // Vert.x's event-bus default is trustAll=true: a node would send to any TLS server that joined the member list
        .setTrustAll(false)
        .setKeyCertOptions(new PemKeyCertOptions().setCertPath(tls.getString("certPath")).setKeyPath(tls.getString("keyPath")))
        .setTrustOptions(new PemTrustOptions().addCertPath(tls.getString("caPath")));
  }
}
