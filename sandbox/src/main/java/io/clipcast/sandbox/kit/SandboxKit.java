package io.clipcast.sandbox.kit;

import io.vertx.core.Vertx;

/**
 * What every simulator shares: fault injection, the post ledger, and the sandbox's own base URL (for URLs it hands
 * out, such as VK's upload_url).
 */
public record SandboxKit(Vertx vertx, Faults faults, Ledger ledger, String publicBase) {}
