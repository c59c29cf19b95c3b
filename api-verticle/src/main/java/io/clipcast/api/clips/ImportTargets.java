package io.clipcast.api.clips;

import io.clipcast.web.ApiError;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Locale;

/**
 * Where import-by-URL may fetch from: http(s) only, and only public addresses — never loopback, private,
 * link-local (cloud metadata at 169.254.169.254), carrier-grade NAT, multicast or unspecified ones, whatever name
 * points there. The address is resolved once here and the download connects to exactly it (no DNS rebinding).
 */
final class ImportTargets {
  record Target(URI uri, String host, InetAddress address, int port, boolean tls) {}

  private final boolean allowLoopback;

  ImportTargets(boolean allowLoopback) {
    this.allowLoopback = allowLoopback;
  }

  /** Blocking (DNS): call on a worker thread. */
  Target resolve(String url) {
    URI uri;
    try {
      uri = new URI(url);
    } catch (Exception e) {
      throw ApiError.invalid("url", "'url' is not a valid link.");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw ApiError.invalid("url", "Only http:// and https:// links can be imported.");
    }
    String host = uri.getHost();
    if (host == null || host.isEmpty()) throw ApiError.invalid("url", "The link has no host name.");
    if (uri.getUserInfo() != null) throw ApiError.invalid("url", "Links with a user name or password cannot be imported.");
    if (uri.getPort() == 0 || uri.getPort() > 65535) { // java.net.URI takes any digits as a port
      throw ApiError.invalid("url", "The link's port " + uri.getPort() + " does not exist: ports run from 1 to 65535.");
    }
    InetAddress[] all;
    try {
      all = InetAddress.getAllByName(host.startsWith("[") ? host.substring(1, host.length() - 1) : host);
    } catch (UnknownHostException e) {
      throw new ApiError(422, "import_failed", "The host " + host + " does not exist; check the link.", "url");
    }
    for (InetAddress a : all) {
      if (!allowed(a)) {
        throw ApiError.invalid("url", "This link points to a private or local address (" + a.getHostAddress()
            + "); only public links can be imported.");
      }
    }
    boolean tls = scheme.equals("https");
    int port = uri.getPort() > 0 ? uri.getPort() : (tls ? 443 : 80);
    return new Target(uri, host, all[0], port, tls);
  }

  boolean allowed(InetAddress a) {
    if (a.isLoopbackAddress()) return allowLoopback;
    if (a.isAnyLocalAddress() || a.isLinkLocalAddress() || a.isSiteLocalAddress() || a.isMulticastAddress()) return false;
    byte[] b = a.getAddress();
    if (a instanceof Inet4Address) {
      int first = b[0] & 0xff;
      int second = b[1] & 0xff;
      if (first == 0 || first >= 240) return false;                   // "this network", reserved, broadcast
      if (first == 100 && second >= 64 && second <= 127) return false; // carrier-grade NAT 100.64/10
      if (first == 192 && second == 0 && (b[2] & 0xff) == 0) return false; // IETF protocol assignments
      if (first == 198 && (second == 18 || second == 19)) return false; // benchmarking 198.18/15
    }
    if (a instanceof Inet6Address) {
      if ((b[0] & 0xfe) == 0xfc) return false; // unique local fc00::/7
      if (((Inet6Address) a).isIPv4CompatibleAddress()) return false;
      if (b[0] == 0x00 && b[1] == 0x64 && b[2] == (byte) 0xff && b[3] == (byte) 0x9b) return false; // NAT64 to anything
    }
    return true;
  }
}
