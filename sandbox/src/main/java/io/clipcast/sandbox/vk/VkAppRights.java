package io.clipcast.sandbox.vk;

import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The extended rights VK has approved for each app. A new VK app gets basic access only; {@code wall} and {@code video}
 * are granted by VK support case by case (docs/platforms/vk.md, Registering, products, scopes, review). VK ID leaves
 * an unapproved right out of the token, and the method API refuses it with error 15. The dev and test app
 * ({@code 51000001}, conf/dev.json) is approved for both; {@code POST /vk/_sandbox/apps} plays any other grant.
 */
final class VkAppRights {
  /** The rights this simulator treats as needing VK's approval; every other scope is basic access. */
  static final Set<String> EXTENDED = Set.of("wall", "video");
  static final String DEV_APP = "51000001";

  private final Map<String, Set<String>> approved = new ConcurrentHashMap<>(Map.of(DEV_APP, EXTENDED));

  /** Sets the extended rights {@code clientId} is approved for (replacing any earlier ones); unknown names are refused. */
  void approve(String clientId, Set<String> rights) {
    if (!EXTENDED.containsAll(rights)) throw new IllegalArgumentException("approvedRights must be among " + EXTENDED);
    approved.put(clientId, Set.copyOf(rights));
  }

  Set<String> approved(String clientId) {
    return approved.getOrDefault(clientId, Set.of());
  }

  /** The scopes of {@code requested} that need an approval {@code clientId} does not have, in order. */
  Set<String> unapproved(String clientId, Set<String> requested) {
    Set<String> out = new LinkedHashSet<>(requested);
    out.retainAll(EXTENDED);
    out.removeAll(approved(clientId));
    return out;
  }
}
