package io.clipcast.sandbox.kit;

import io.vertx.core.MultiMap;

import java.util.List;

/** A received upload request: its form fields (multipart) and its files (one for a raw body, field {@code ""}). */
public record Received(MultiMap attributes, List<ReceivedFile> files) {}
