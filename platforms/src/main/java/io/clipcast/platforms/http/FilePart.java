package io.clipcast.platforms.http;

/** The file part of a multipart upload: its form field name, file name and content type. */
public record FilePart(String field, String fileName, String contentType) {}
