package io.clipcast.api.feeds;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/** An address block such as {@code 127.0.0.0/8} or {@code ::1/128}; only literals, so parsing never asks DNS. */
record Cidr(byte[] network, int prefix) {
  private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

  static Cidr parse(String text, String key) {
    String[] parts = text.split("/", 2);
    String literal = parts[0].trim();
    if (!IPV4.matcher(literal).matches() && !literal.contains(":")) {
      throw new IllegalArgumentException(key + ": '" + text + "' is not an address block (a.b.c.d/n or an IPv6 literal/n)");
    }
    InetAddress a;
    try {
      a = InetAddress.getByName(literal);   // a literal: no lookup
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException(key + ": '" + text + "' is not an address block", e);
    }
    int bits = a.getAddress().length * 8;
    int prefix = parts.length == 2 ? Integer.parseInt(parts[1].trim()) : bits;
    if (prefix < 0 || prefix > bits) throw new IllegalArgumentException(key + ": '" + text + "' has a prefix outside 0.." + bits);
    return new Cidr(a.getAddress(), prefix);
  }

  boolean contains(InetAddress address) {
    byte[] a = address.getAddress();
    if (a.length != network.length) return false;
    int full = prefix / 8;
    for (int i = 0; i < full; i++) if (a[i] != network[i]) return false;
    int rest = prefix % 8;
    if (rest == 0) return true;
    int mask = (0xff << (8 - rest)) & 0xff;
    return (a[full] & mask) == (network[full] & mask);
  }
}
