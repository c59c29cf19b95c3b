package io.clipcast.api.feeds;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How one feed platform's fetcher is recognised ({@code feeds.fetchers.<platform>} in conf/default.json): the product
 * tokens its User-Agent carries, the DNS domains its hosts are named in (checked by reverse and then forward lookup,
 * as Yandex documents for its robots: docs/platforms/dzen.md), and networks taken as the platform's without DNS. A
 * fetch counts only when the agent matches AND the address is verified; the agent alone is trivially forged.
 */
record FetcherRule(List<String> userAgents, List<String> domains, List<Cidr> trustedNetworks) {

  static FetcherRule read(String platform, JsonObject c) {
    List<Cidr> networks = new ArrayList<>();
    for (String n : strings(c.getJsonArray("trustedNetworks"))) networks.add(Cidr.parse(n, "feeds.fetchers." + platform + ".trustedNetworks"));
    List<String> domains = strings(c.getJsonArray("domains")).stream()
        .map(d -> d.toLowerCase(Locale.ROOT).replaceAll("^\\.+|\\.+$", "")).filter(d -> !d.isEmpty()).toList();
    return new FetcherRule(strings(c.getJsonArray("userAgents")), domains, List.copyOf(networks));
  }

  /** With the networks a local sandbox fetches from added (see {@link FeedFetchers#from}). */
  FetcherRule withNetworks(List<Cidr> more) {
    List<Cidr> all = new ArrayList<>(trustedNetworks);
    all.addAll(more);
    return new FetcherRule(userAgents, domains, List.copyOf(all));
  }

  /** The agent names one of the platform's product tokens ({@code Token/version}). */
  boolean agentMatches(String userAgent) {
    if (userAgent == null) return false;
    for (String token : userAgents) if (userAgent.contains(token + "/")) return true;
    return false;
  }

  /** {@code host} is one of the domains or a name inside one (on a label boundary: "notyandex.ru" is not "yandex.ru"). */
  boolean inDomain(String host) {
    if (host == null) return false;
    String h = host.toLowerCase(Locale.ROOT).replaceAll("\\.$", "");
    for (String d : domains) if (h.equals(d) || h.endsWith("." + d)) return true;
    return false;
  }

  boolean trusted(java.net.InetAddress address) {
    for (Cidr n : trustedNetworks) if (n.contains(address)) return true;
    return false;
  }

  private static List<String> strings(JsonArray a) {
    List<String> out = new ArrayList<>();
    if (a != null) for (Object o : a) if (o instanceof String s && !s.isBlank()) out.add(s.trim());
    return List.copyOf(out);
  }
}
