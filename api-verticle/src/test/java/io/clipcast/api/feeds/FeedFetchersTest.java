package io.clipcast.api.feeds;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Who counts as Дзен's fetcher (docs/platforms/dzen.md, "Who fetched the feed"): the agent of Дзен's RSS robot AND an
 * address verified the way Yandex documents for its robots (reverse DNS in yandex.ru/.net/.com, then forward DNS back to
 * the same address), or inside a configured network. DNS answers are scripted here, except in the last test, which asks
 * the system resolver about loopback.
 */
class FeedFetchersTest {
  private static final Vertx vertx = Vertx.vertx();
  private static final String ROBOT = FeedAgents.ROBOT;
  private static final String BROWSER = FeedAgents.BROWSER;
  private static final String YANDEX_IP = "5.255.253.63";

  @AfterAll
  static void stop() {
    vertx.close();
  }

  /** Scripted DNS: PTR answers by address, A answers by name; records every question. */
  private static final class ScriptedDns implements HostNames {
    final Map<String, String> ptr;
    final Map<String, List<String>> a;
    final List<String> asked = new ArrayList<>();

    ScriptedDns(Map<String, String> ptr, Map<String, List<String>> a) {
      this.ptr = ptr;
      this.a = a;
    }

    @Override
    public synchronized String reverse(InetAddress address) {
      asked.add("PTR " + address.getHostAddress());
      return ptr.get(address.getHostAddress());
    }

    @Override
    public synchronized List<InetAddress> forward(String host) throws Exception {
      asked.add("A " + host);
      List<InetAddress> out = new ArrayList<>();
      for (String ip : a.getOrDefault(host, List.of())) out.add(InetAddress.getByName(ip));
      return out;
    }
  }

  private static JsonObject config(JsonArray trustedNetworks, JsonObject dzenApis) {
    return new JsonObject()
        .put("feeds", new JsonObject().put("fetchers", new JsonObject().put("dzen", new JsonObject()
            .put("userAgents", new JsonArray().add("YandexZenRss"))
            .put("domains", new JsonArray().add("yandex.ru").add("yandex.net").add("yandex.com"))
            .put("trustedNetworks", trustedNetworks))))
        .put("platformApis", new JsonObject().put("dzen", dzenApis));
  }

  private static JsonObject realApis() {
    return new JsonObject().put("oauth", "https://oauth.yandex.ru").put("login", "https://login.yandex.ru");
  }

  private static FeedFetchers.Fetcher identify(FeedFetchers f, String agent, String ip) throws Exception {
    return f.identify(vertx, "dzen", agent, ip).await(10, TimeUnit.SECONDS);
  }

  @Test
  void dzensRobotFromAnAddressThatDnsNamesAsYandexBothWaysIsDzen() throws Exception {
    ScriptedDns dns = new ScriptedDns(Map.of(YANDEX_IP, "5-255-253-63.spider.yandex.com"),
        Map.of("5-255-253-63.spider.yandex.com", List.of(YANDEX_IP)));
    FeedFetchers.Fetcher f = identify(FeedFetchers.from(config(new JsonArray(), realApis()), dns), ROBOT, YANDEX_IP);
    assertNotNull(f);
    assertEquals("5-255-253-63.spider.yandex.com", f.host());
    assertEquals("reverseAndForwardDns", f.verifiedBy());
    assertEquals(ROBOT, f.toJson().getString("userAgent"));
    assertEquals(List.of("PTR " + YANDEX_IP, "A 5-255-253-63.spider.yandex.com"), dns.asked);
  }

  @Test
  void theAgentAloneIsNothing() throws Exception {
    // a forged agent: no PTR; a PTR outside Yandex; a Yandex-looking name that is not inside Yandex's domains
    ScriptedDns dns = new ScriptedDns(Map.of("203.0.113.7", "bot.example.org", "203.0.113.8", "crawl.notyandex.ru",
        "203.0.113.9", "crawl.yandex.ru.evil.example"), Map.of("bot.example.org", List.of("203.0.113.7"),
        "crawl.notyandex.ru", List.of("203.0.113.8"), "crawl.yandex.ru.evil.example", List.of("203.0.113.9")));
    FeedFetchers fetchers = FeedFetchers.from(config(new JsonArray(), realApis()), dns);
    assertNull(identify(fetchers, ROBOT, "198.51.100.1"), "no PTR record");
    assertNull(identify(fetchers, ROBOT, "203.0.113.7"), "PTR outside Yandex");
    assertNull(identify(fetchers, ROBOT, "203.0.113.8"), "a name that only ends like yandex.ru");
    assertNull(identify(fetchers, ROBOT, "203.0.113.9"), "yandex.ru inside someone else's domain");
  }

  @Test
  void aPtrNameThatDoesNotResolveBackToTheAddressIsForged() throws Exception {
    // whoever controls the PTR of their own address can write any name there; only Yandex controls yandex.ru's A records
    ScriptedDns dns = new ScriptedDns(Map.of("203.0.113.50", "spider.yandex.ru"), Map.of("spider.yandex.ru", List.of(YANDEX_IP)));
    assertNull(identify(FeedFetchers.from(config(new JsonArray(), realApis()), dns), ROBOT, "203.0.113.50"));
    assertEquals(List.of("PTR 203.0.113.50", "A spider.yandex.ru"), dns.asked);
  }

  @Test
  void aBrowserIsNeverDzenWhateverItsAddressAndDnsIsNotAskedForIt() throws Exception {
    ScriptedDns dns = new ScriptedDns(Map.of(YANDEX_IP, "spider.yandex.ru"), Map.of("spider.yandex.ru", List.of(YANDEX_IP)));
    FeedFetchers fetchers = FeedFetchers.from(config(new JsonArray().add("5.255.192.0/18"), realApis()), dns);
    assertNull(identify(fetchers, BROWSER, YANDEX_IP));
    assertNull(identify(fetchers, null, YANDEX_IP));
    assertNull(identify(fetchers, "YandexZenRssButNotReally", YANDEX_IP), "the product token is Name/version");
    assertTrue(dns.asked.isEmpty(), dns.asked.toString());
  }

  @Test
  void failingDnsMeansNotVerifiedNotAnError() throws Exception {
    HostNames broken = new HostNames() {
      @Override public String reverse(InetAddress address) throws Exception {
        throw new java.net.UnknownHostException("SERVFAIL");
      }

      @Override public List<InetAddress> forward(String host) throws Exception {
        throw new java.net.UnknownHostException("SERVFAIL");
      }
    };
    assertNull(identify(FeedFetchers.from(config(new JsonArray(), realApis()), broken), ROBOT, YANDEX_IP));
  }

  @Test
  void configuredNetworksAreTrustedWithoutDnsIpv4AndIpv6() throws Exception {
    ScriptedDns dns = new ScriptedDns(Map.of(), Map.of());
    FeedFetchers fetchers = FeedFetchers.from(config(new JsonArray().add("5.255.192.0/18").add("2a02:6b8::/29"), realApis()), dns);
    assertEquals("trustedNetwork", identify(fetchers, ROBOT, YANDEX_IP).verifiedBy());
    assertNotNull(identify(fetchers, ROBOT, "2a02:6b8:c0e:500:1:2:3:4"));
    assertNull(identify(fetchers, ROBOT, "5.255.128.1"), "outside the /18, and DNS knows nothing");
    assertEquals(List.of("PTR 5.255.128.1"), dns.asked);
    assertThrows(IllegalArgumentException.class, () -> FeedFetchers.from(config(new JsonArray().add("yandex.ru/24"), realApis()), dns),
        "a block must be a literal: parsing config never asks DNS");
    assertThrows(IllegalArgumentException.class, () -> FeedFetchers.from(config(new JsonArray().add("10.0.0.0/33"), realApis()), dns));
  }

  @Test
  void loopbackIsDzenOnlyWhenDzenIsThisMachinesSandbox() throws Exception {
    JsonObject sandboxApis = new JsonObject().put("oauth", "http://127.0.0.1:8090/dzen/oauth").put("login", "http://127.0.0.1:8090/dzen/login");
    ScriptedDns dns = new ScriptedDns(Map.of("127.0.0.1", "localhost"), Map.of("localhost", List.of("127.0.0.1")));
    assertEquals("trustedNetwork", identify(FeedFetchers.from(config(new JsonArray(), sandboxApis), dns), ROBOT, "127.0.0.1").verifiedBy());
    assertNotNull(identify(FeedFetchers.from(config(new JsonArray(), sandboxApis), dns), ROBOT, "0:0:0:0:0:0:0:1"));
    assertNull(identify(FeedFetchers.from(config(new JsonArray(), sandboxApis), dns), BROWSER, "127.0.0.1"), "still the robot's agent only");
    assertNull(identify(FeedFetchers.from(config(new JsonArray(), realApis()), dns), ROBOT, "127.0.0.1"), "a real Дзен is not on loopback");
    assertFalse(FeedFetchers.playedBySandbox(new JsonObject().put("oauth", "http://127.0.0.1:1/dzen/oauth").put("login", "https://login.yandex.ru")),
        "every endpoint must be local");
    assertTrue(FeedFetchers.playedBySandbox(new JsonObject().put("oauth", "http://0.0.0.0:8090/dzen/oauth").put("login", "http://localhost:8090/dzen/login")));
    assertFalse(FeedFetchers.playedBySandbox(new JsonObject().put("oauth", "http://127.example.com/dzen/oauth")), "a name, not an address");
  }

  @Test
  void aPlatformWithoutFetcherRulesHasNoVerifiedFetcher() throws Exception {
    FeedFetchers fetchers = FeedFetchers.from(config(new JsonArray().add("0.0.0.0/0"), realApis()), new ScriptedDns(Map.of(), Map.of()));
    assertNull(fetchers.identify(vertx, "rutube", ROBOT, YANDEX_IP).await(10, TimeUnit.SECONDS));
  }

  /** The default resolver, on loopback: /etc/hosts names 127.0.0.1 "localhost" both ways on any ordinary machine. */
  @Test
  void theSystemResolverDoesReverseThenForward() throws Exception {
    JsonObject c = config(new JsonArray(), realApis());
    c.getJsonObject("feeds").getJsonObject("fetchers").getJsonObject("dzen").put("domains", new JsonArray().add("localhost").add("localdomain"));
    FeedFetchers.Fetcher f = identify(FeedFetchers.from(c, HostNames.SYSTEM), ROBOT, "127.0.0.1");
    assertNotNull(f, "127.0.0.1 → " + InetAddress.getByName("127.0.0.1").getCanonicalHostName());
    assertEquals("reverseAndForwardDns", f.verifiedBy());
    assertNull(identify(FeedFetchers.from(config(new JsonArray(), realApis()), HostNames.SYSTEM), ROBOT, "127.0.0.1"),
        "loopback is not in Yandex's domains");
  }
}
