package io.clipcast.ops;

/** Event-bus addresses that belong to a node rather than to a feature. */
public final class NodeAddresses {
  private NodeAddresses() {}

  /** Each node answers on this address with its {@code NodeInfo} (role, verticle counts, uptime). */
  public static String info(String memberId) {
    return "clipcast.node." + memberId + ".info";
  }
}
