package io.clipcast.sandbox.vk;

import io.clipcast.sandbox.kit.oauth.TokenBook;
import io.clipcast.sandbox.kit.Reply;
import io.vertx.core.MultiMap;

import java.util.Set;

/**
 * One authorised method call: its parameters, the caller's token, the fault it drew (if any), and the extended rights
 * VK has granted the token's app ({@code appRights}, read at call time).
 */
record ApiCall(MultiMap params, TokenBook.Grant<Long> token, Reply reply, Set<String> appRights) {
  long userId() {
    return token.subject();
  }

  /**
   * The method needs {@code scope}: the token must carry it and, for an extended right, VK must have granted it to the
   * token's app; else VK's error 15 (docs/platforms/vk.md, Publishing paths).
   */
  void requireScope(String scope) {
    boolean granted = token.scopes().contains(scope) && (!VkAppRights.EXTENDED.contains(scope) || appRights.contains(scope));
    if (!granted) throw new VkApiException(15, VkApiException.NO_ACCESS);
  }

  String string(String name) {
    String v = params.get(name);
    return v == null || v.isEmpty() ? null : v;
  }

  /** A 0/1 flag; absent = 0. */
  boolean flag(String name) {
    String v = string(name);
    if (v == null || v.equals("0")) return false;
    if (v.equals("1")) return true;
    throw VkApiException.badParam(name + " must be 0 or 1");
  }

  /** An integer parameter, or {@code fallback} when absent. */
  long integer(String name, long fallback) {
    String v = string(name);
    if (v == null) return fallback;
    try {
      return Long.parseLong(v.trim());
    } catch (NumberFormatException e) {
      throw VkApiException.badParam(name + " not integer");
    }
  }

  String maxLength(String name, int max) {
    String v = string(name);
    if (v != null && v.codePointCount(0, v.length()) > max) throw VkApiException.badParam(name + " is too long (max " + max + ")");
    return v;
  }
}
