package io.clipcast.queue;

/**
 * Rate of publish jobs a platform allows: for our whole app ({@code app*}) and per connected account
 * ({@code account*}); rate in jobs per second (0 = unlimited), burst = how many may start at once after idle.
 */
public record PlatformLimits(double appPerSecond, int appBurst, double accountPerSecond, int accountBurst) {}
