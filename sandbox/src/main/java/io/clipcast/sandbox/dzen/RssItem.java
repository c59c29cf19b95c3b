package io.clipcast.sandbox.dzen;

/**
 * One {@code <item>} of a polled feed as the importer reads it: its video enclosure and text, or the reason it cannot
 * be imported ({@code problem}, shown in the feed's poll report).
 */
record RssItem(String guid, String title, String caption, String enclosureUrl, long enclosureLength, String pubDate, String problem) {}
