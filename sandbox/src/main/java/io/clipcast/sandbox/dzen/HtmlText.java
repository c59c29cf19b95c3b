package io.clipcast.sandbox.dzen;

/** The plain text of a feed item's HTML body ({@code content:encoded}): paragraphs and breaks become new lines. */
final class HtmlText {
  private HtmlText() {}

  static String of(String html) {
    String text = html.replaceAll("(?i)<br\\s*/?>", "\n").replaceAll("(?i)</p>\\s*<p[^>]*>", "\n\n").replaceAll("<[^>]*>", "");
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'").replace("&amp;", "&").strip();
  }
}
