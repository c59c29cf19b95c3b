package io.clipcast.queue;

/** One promotion pass: jobs moved to ready, time until the next delayed job is due (-1: none), lag figures. */
public record Promotion(int promoted, long nextDueInMs, long maxLagMs, long totalLagMs) {}
