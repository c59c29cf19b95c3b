package io.clipcast.sandbox.vk;

import io.clipcast.sandbox.kit.oauth.TokenBook;
import io.clipcast.sandbox.kit.Reply;
import io.vertx.core.MultiMap;

import java.util.Set;

/** One authorised method call: its parameters, the caller's token, and the fault it drew (if any). */
record ApiCall(MultiMap params, TokenBook.Grant<Long> token, Reply reply) {
  long userId() {
    return token.subject();
  }

  void requireScope(String scope) {
    Set<String> granted = token.scopes();
    if (!granted.contains(scope)) throw new VkApiException(7, "Permission to perform this action is denied: the token has no '" + scope + "' right");
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
