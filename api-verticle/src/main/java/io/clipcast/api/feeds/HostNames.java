package io.clipcast.api.feeds;

import java.net.InetAddress;
import java.util.List;

/**
 * DNS as the fetcher check needs it; blocking, so it runs on a worker thread. Tests give their own answers; the
 * default asks the system resolver.
 */
interface HostNames {
  /** The name the address's PTR record gives, or null when it has none. */
  String reverse(InetAddress address) throws Exception;

  /** The addresses the name resolves to (A and AAAA). */
  List<InetAddress> forward(String host) throws Exception;

  HostNames SYSTEM = new HostNames() {
    @Override
    public String reverse(InetAddress address) throws Exception {
      String name = InetAddress.getByAddress(address.getAddress()).getCanonicalHostName();
      // the JDK answers the literal itself when there is no PTR record
      return name == null || name.equals(address.getHostAddress()) ? null : name;
    }

    @Override
    public List<InetAddress> forward(String host) throws Exception {
      return List.of(InetAddress.getAllByName(host));
    }
  };
}
