package io.clipcast.sandbox.kit;

/** An uploaded file as the simulator saw it: never stored, only counted and hashed. */
public record ReceivedFile(String field, String fileName, String contentType, long size, String sha256) {}
