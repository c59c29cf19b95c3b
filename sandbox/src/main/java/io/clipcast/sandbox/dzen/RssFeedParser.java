package io.clipcast.sandbox.dzen;

import io.clipcast.sandbox.kit.oauth.OAuthParams;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.ErrorHandler;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads an RSS 2.0 feed the way the Dzen importer needs it, with the JDK's DOM parser locked down: no DOCTYPE, no
 * external entities or DTDs, no XInclude (a feed is untrusted input from the internet). A document that is not
 * well-formed RSS 2.0 fails with {@link MalformedFeed}; an item the importer cannot use is returned with its problem.
 */
final class RssFeedParser {
  static final String CONTENT_NS = "http://purl.org/rss/1.0/modules/content/";

  /** The document is not an RSS 2.0 feed. */
  static final class MalformedFeed extends Exception {
    MalformedFeed(String message) {
      super(message, null, false, false);
    }
  }

  private RssFeedParser() {}

  static List<RssItem> parse(byte[] xml) throws MalformedFeed {
    Document doc;
    try {
      DocumentBuilder builder = factory().newDocumentBuilder();
      builder.setErrorHandler(THROWING);
      doc = builder.parse(new ByteArrayInputStream(xml));
    } catch (SAXException e) {
      throw new MalformedFeed("not well-formed XML: " + e.getMessage());
    } catch (IOException | ParserConfigurationException e) {
      throw new MalformedFeed("unreadable feed: " + e.getMessage());
    }
    Element rss = doc.getDocumentElement();
    if (!"rss".equals(rss.getLocalName()) || rss.getNamespaceURI() != null) {
      throw new MalformedFeed("root element is <" + rss.getTagName() + ">, not <rss>");
    }
    if (!"2.0".equals(rss.getAttribute("version"))) {
      throw new MalformedFeed("<rss version=\"" + rss.getAttribute("version") + "\">: only RSS 2.0 is imported");
    }
    List<Element> channels = children(rss, null, "channel");
    if (channels.size() != 1) throw new MalformedFeed("<rss> must hold exactly one <channel>, found " + channels.size());
    List<RssItem> items = new ArrayList<>();
    for (Element item : children(channels.get(0), null, "item")) items.add(item(item));
    return items;
  }

  private static RssItem item(Element e) {
    String guid = text(e, null, "guid");
    String title = text(e, null, "title");
    String description = text(e, null, "description");
    String encoded = text(e, CONTENT_NS, "encoded");
    String caption = description != null && !description.isBlank() ? description : encoded == null ? null : HtmlText.of(encoded);
    String pubDate = text(e, null, "pubDate");
    Element video = null;
    for (Element enc : children(e, null, "enclosure")) {
      if (enc.getAttribute("type").startsWith("video/")) {
        video = enc;
        break;
      }
    }
    String url = video == null ? null : video.getAttribute("url");
    long length = -1;
    String problem = null;
    if (guid == null || guid.isBlank()) problem = "item has no <guid>";
    else if (title == null || title.isBlank()) problem = "item " + guid + " has no <title>";
    else if (pubDate == null || !rfc822(pubDate)) problem = "item " + guid + " has no RFC 822 <pubDate> (got " + pubDate + ")";
    else if (video == null) problem = "item " + guid + " has no <enclosure> of a video/* type";
    else if (!OAuthParams.httpUrl(url, false)) problem = "item " + guid + ": enclosure url '" + url + "' is not an absolute http(s) URL";
    if (video != null && problem == null) {
      try {
        length = Long.parseLong(video.getAttribute("length"));
      } catch (NumberFormatException ex) {
        problem = "item " + guid + ": enclosure length '" + video.getAttribute("length") + "' is not a number of bytes";
      }
    }
    return new RssItem(guid == null ? null : guid.trim(), title, caption, url, length, pubDate, problem);
  }

  private static boolean rfc822(String date) {
    try {
      ZonedDateTime.parse(date.trim(), DateTimeFormatter.RFC_1123_DATE_TIME);
      return true;
    } catch (DateTimeParseException e) {
      return false;
    }
  }

  private static String text(Element parent, String ns, String name) {
    List<Element> found = children(parent, ns, name);
    return found.isEmpty() ? null : found.get(0).getTextContent();
  }

  private static List<Element> children(Element parent, String ns, String name) {
    List<Element> out = new ArrayList<>();
    for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element el && name.equals(el.getLocalName()) && java.util.Objects.equals(ns, el.getNamespaceURI())) out.add(el);
    }
    return out;
  }

  private static DocumentBuilderFactory factory() throws ParserConfigurationException {
    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
    f.setNamespaceAware(true);
    f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
    f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    f.setFeature("http://xml.org/sax/features/external-general-entities", false);
    f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
    f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
    f.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
    f.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
    f.setXIncludeAware(false);
    f.setExpandEntityReferences(false);
    return f;
  }

  /** Parse errors become exceptions instead of lines on stderr. */
  private static final ErrorHandler THROWING = new ErrorHandler() {
    @Override
    public void warning(SAXParseException e) {
      // warnings do not stop an import
    }

    @Override
    public void error(SAXParseException e) throws SAXException {
      throw e;
    }

    @Override
    public void fatalError(SAXParseException e) throws SAXException {
      throw e;
    }
  };
}
