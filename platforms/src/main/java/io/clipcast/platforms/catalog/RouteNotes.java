package io.clipcast.platforms.catalog;

/**
 * {@code route}: for operators and clients, the ways this server can reach the platform (TikTok: its own app or
 * Blotato), which is the default, the setting that picks one, and the per-target options. Text only.
 */
public record RouteNotes(String defaultRoute, String setting, String direct, String blotato, String options) {

  static RouteNotes read(JsonFields f) {
    RouteNotes r = new RouteNotes(f.string("default"), f.string("setting"), f.string("direct"), f.string("blotato"), f.string("options"));
    f.end();
    return r;
  }
}
