package io.clipcast.platforms.dzen;

import io.clipcast.platforms.FeedItem;

import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import java.io.StringWriter;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * The RSS 2.0 feed Dzen imports from (docs/platforms/dzen.md): one {@code <item>} per publication with
 * a stable {@code guid} (the publication id, {@code isPermaLink="false"}), a title, the caption as plain text in
 * {@code description} and as paragraphs in {@code content:encoded}, the video as {@code enclosure} (URL, type, length),
 * {@code pubDate} (RFC 822) and {@code media:rating}. Written with the JDK's XML writer, so every text is escaped.
 */
final class DzenFeedWriter {
  static final String CONTENT_NS = "http://purl.org/rss/1.0/modules/content/";
  static final String MEDIA_NS = "http://search.yahoo.com/mrss/";
  static final String ATOM_NS = "http://www.w3.org/2005/Atom";

  private DzenFeedWriter() {}

  static String render(String channelTitle, String channelLink, String selfUrl, List<FeedItem> items, int titleMaxChars) {
    StringWriter out = new StringWriter();
    try {
      XMLStreamWriter w = XMLOutputFactory.newFactory().createXMLStreamWriter(out);
      w.writeStartDocument("UTF-8", "1.0");
      w.writeStartElement("rss");
      w.writeAttribute("version", "2.0");
      w.writeNamespace("content", CONTENT_NS);
      w.writeNamespace("media", MEDIA_NS);
      w.writeNamespace("atom", ATOM_NS);
      w.writeStartElement("channel");
      text(w, "title", channelTitle);
      text(w, "link", channelLink);
      text(w, "description", "Видео, опубликованные через Clipcast");
      text(w, "language", "ru");
      w.writeEmptyElement("atom", "link", ATOM_NS);
      w.writeAttribute("href", selfUrl);
      w.writeAttribute("rel", "self");
      w.writeAttribute("type", "application/rss+xml");
      for (FeedItem item : items) item(w, item, titleMaxChars);
      w.writeEndElement();
      w.writeEndElement();
      w.writeEndDocument();
      w.close();
    } catch (XMLStreamException e) {
      throw new IllegalStateException("could not write the Dzen feed", e);
    }
    return out.toString();
  }

  private static void item(XMLStreamWriter w, FeedItem item, int titleMaxChars) throws XMLStreamException {
    String caption = XmlText.clean(item.caption());
    w.writeStartElement("item");
    w.writeStartElement("guid");
    w.writeAttribute("isPermaLink", "false");
    w.writeCharacters(item.publicationId().toString());
    w.writeEndElement();
    text(w, "title", title(item.title(), caption, titleMaxChars));
    text(w, "link", item.mediaUrl());
    text(w, "pubDate", DateTimeFormatter.RFC_1123_DATE_TIME.format(item.publishedAt().atOffset(ZoneOffset.UTC)));
    w.writeStartElement("media", "rating", MEDIA_NS);
    w.writeAttribute("scheme", "urn:simple");
    w.writeCharacters("nonadult");
    w.writeEndElement();
    text(w, "description", caption);
    w.writeStartElement("content", "encoded", CONTENT_NS);
    w.writeCharacters(html(caption));
    w.writeEndElement();
    w.writeEmptyElement("enclosure");
    w.writeAttribute("url", item.mediaUrl());
    w.writeAttribute("type", item.contentType() == null ? "video/mp4" : item.contentType());
    w.writeAttribute("length", Long.toString(item.sizeBytes()));
    w.writeEndElement();
  }

  /**
   * The given title (the API keeps it within the catalog's {@code text.titleMaxChars}), else the caption's first line
   * cut to that same limit, in code points (Dzen items need a title).
   */
  static String title(String title, String caption, int maxChars) {
    String t = XmlText.clean(title).strip();
    if (!t.isEmpty()) return t;
    String first = caption.strip().lines().findFirst().orElse("").strip();
    if (first.isEmpty()) return "Видео";
    if (first.codePointCount(0, first.length()) <= maxChars) return first;
    return first.substring(0, first.offsetByCodePoints(0, maxChars - 1)).strip() + "…";
  }

  /** The caption as HTML paragraphs (blank lines split them, single newlines become {@code <br>}), every character escaped. */
  static String html(String caption) {
    StringBuilder sb = new StringBuilder();
    for (String para : caption.strip().split("\\R\\s*\\R")) {
      if (para.isBlank()) continue;
      sb.append("<p>").append(escape(para.strip()).replaceAll("\\R", "<br>")).append("</p>");
    }
    return sb.toString();
  }

  private static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;").replace("'", "&#39;");
  }

  private static void text(XMLStreamWriter w, String name, String value) throws XMLStreamException {
    w.writeStartElement(name);
    w.writeCharacters(XmlText.clean(value));
    w.writeEndElement();
  }
}
