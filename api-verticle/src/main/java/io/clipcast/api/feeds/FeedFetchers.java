package io.clipcast.api.feeds;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.net.InetAddress;
import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Tells whether a feed fetch came from the platform's own fetcher (docs/platforms/dzen.md, "Who fetched the feed").
 * The feed URL is a secret, but whoever holds it (the user in a browser, a feed reader, a link preview) can fetch it,
 * and only the platform's fetch means the platform has seen the post. A fetch is the platform's when its User-Agent
 * names the platform's robot AND its address is verified: inside a trusted network, or named (reverse DNS) in one of
 * the platform's domains by a name that resolves back (forward DNS) to that same address, the check Yandex documents
 * for its robots. The agent alone proves nothing.
 *
 * <p>When a platform's endpoints ({@code platformApis.<id>}) all point at a loopback host, the platform is this
 * machine's sandbox (dev mode, tests), and the sandbox fetches from loopback: loopback then counts as the platform's
 * network. A production config never points a platform at loopback.
 */
final class FeedFetchers {
  /** Where a fetch is verified to come from. */
  record Fetcher(String userAgent, String address, String host, String verifiedBy) {
    JsonObject toJson() {
      return new JsonObject().put("userAgent", userAgent).put("host", host).put("verifiedBy", verifiedBy);
    }
  }

  private static final List<Cidr> LOOPBACK = List.of(Cidr.parse("127.0.0.0/8", "loopback"), Cidr.parse("::1/128", "loopback"));
  /** What a User-Agent is cut to before it is stored: enough to tell agents apart. */
  static final int AGENT_CHARS = 200;

  private final Map<String, FetcherRule> rules;
  private final HostNames dns;

  FeedFetchers(Map<String, FetcherRule> rules, HostNames dns) {
    this.rules = Map.copyOf(rules);
    this.dns = dns;
  }

  /** The rules of {@code feeds.fetchers}, with loopback added for platforms played by a local sandbox. */
  static FeedFetchers from(JsonObject config, HostNames dns) {
    JsonObject fetchers = config.getJsonObject("feeds", new JsonObject()).getJsonObject("fetchers", new JsonObject());
    JsonObject apis = config.getJsonObject("platformApis", new JsonObject());
    Map<String, FetcherRule> rules = new HashMap<>();
    for (String platform : fetchers.fieldNames()) {
      FetcherRule rule = FetcherRule.read(platform, fetchers.getJsonObject(platform));
      rules.put(platform, playedBySandbox(apis.getJsonObject(platform)) ? rule.withNetworks(LOOPBACK) : rule);
    }
    return new FeedFetchers(rules, dns);
  }

  /** Every endpoint of the platform is on a loopback host: the sandbox is the platform. */
  static boolean playedBySandbox(JsonObject endpoints) {
    if (endpoints == null || endpoints.isEmpty()) return false;
    for (String name : endpoints.fieldNames()) {
      String host;
      try {
        host = URI.create(String.valueOf(endpoints.getValue(name))).getHost();
      } catch (IllegalArgumentException e) {
        return false;
      }
      if (host == null) return false;
      String h = host.toLowerCase(Locale.ROOT).replaceAll("^\\[|]$", "");
      // 0.0.0.0 and :: as a target mean this machine too (a sandbox bound to every interface)
      if (!(h.equals("localhost") || h.matches("127(\\.\\d{1,3}){3}") || h.equals("::1") || h.equals("0.0.0.0") || h.equals("::"))) return false;
    }
    return true;
  }

  /**
   * The verified fetcher of this request, or null when it is not the platform's (a platform without rules has no
   * verified fetcher: nothing it fetches completes a post). DNS runs on a worker thread; a failed lookup is "not
   * verified", never an error for the fetch itself.
   */
  Future<Fetcher> identify(Vertx vertx, String platform, String userAgent, String remoteAddress) {
    FetcherRule rule = rules.get(platform);
    if (rule == null || remoteAddress == null || !rule.agentMatches(userAgent)) return Future.succeededFuture(null);
    String agent = userAgent.length() > AGENT_CHARS ? userAgent.substring(0, AGENT_CHARS) : userAgent;
    InetAddress address;
    try {
      address = literal(remoteAddress);
    } catch (Exception e) {
      return Future.succeededFuture(null);
    }
    if (rule.trusted(address)) return Future.succeededFuture(new Fetcher(agent, address.getHostAddress(), null, "trustedNetwork"));
    if (rule.domains().isEmpty()) return Future.succeededFuture(null);
    return vertx.<Fetcher>executeBlocking(() -> {
      String host = dns.reverse(address);
      if (!rule.inDomain(host)) return null;
      for (InetAddress a : dns.forward(host)) {
        if (a.equals(address)) return new Fetcher(agent, address.getHostAddress(), host, "reverseAndForwardDns");
      }
      return null;   // the PTR name is not backed by a forward record for this address: a forged name
    }, false).otherwise((Fetcher) null);
  }

  /** The socket's peer as an address; it is always a literal, so this asks no DNS. */
  private static InetAddress literal(String ip) throws Exception {
    if (!ip.contains(":") && !ip.matches("\\d{1,3}(\\.\\d{1,3}){3}")) throw new IllegalArgumentException("not an address: " + ip);
    return InetAddress.getByName(ip);
  }
}
