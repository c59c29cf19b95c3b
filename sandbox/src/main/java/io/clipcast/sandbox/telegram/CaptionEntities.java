package io.clipcast.sandbox.telegram;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Telegram's formatting modes ({@code parse_mode} HTML, MarkdownV2, legacy Markdown): turns a caption into the text the
 * message shows, which is what the 1024-character limit counts ("after entity parsing"), or refuses it with the
 * Bot API's "can't parse entities" answer. Covers the markup a caption can carry (styles, links, code, quotes); it
 * keeps the text and drops the markup, as the entities themselves are not needed here.
 */
final class CaptionEntities {
  private CaptionEntities() {}

  private static final Set<String> HTML_TAGS = Set.of("b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "a", "code",
      "pre", "span", "tg-spoiler", "tg-emoji", "blockquote");
  private static final Map<String, String> HTML_ENTITIES = Map.of("lt", "<", "gt", ">", "amp", "&", "quot", "\"");
  private static final String V2_RESERVED = "_*[]()~`>#+-=|{}.!";
  private static final Map<String, String> V2_NAMES = Map.of("*", "Bold", "_", "Italic", "__", "Underline", "~", "Strikethrough",
      "||", "Spoiler", "`", "Code", "```", "Pre", "[", "TextUrl");

  /** The shown text of {@code caption} under {@code parseMode} (null or blank = plain text). */
  static String shownText(String caption, String parseMode) {
    if (parseMode == null || parseMode.isBlank()) return caption;
    return switch (parseMode.toLowerCase(Locale.ROOT)) {
      case "html" -> html(caption);
      case "markdownv2" -> markdownV2(caption);
      case "markdown" -> markdown(caption);
      default -> throw BotApiError.badRequest("unsupported parse_mode");
    };
  }

  private static BotApiError cannotParse(String why) {
    return BotApiError.badRequest("can't parse entities: " + why);
  }

  private static int byteOffset(String s, int index) {
    return s.substring(0, index).getBytes(StandardCharsets.UTF_8).length;
  }

  static String html(String s) {
    StringBuilder out = new StringBuilder();
    Deque<String> open = new ArrayDeque<>();
    int i = 0;
    while (i < s.length()) {
      char c = s.charAt(i);
      if (c == '<') {
        int end = s.indexOf('>', i);
        if (end < 0) throw cannotParse("Unclosed start tag at byte offset " + byteOffset(s, i));
        String tag = s.substring(i + 1, end).trim();
        if (tag.startsWith("/")) {
          String name = tag.substring(1).trim().toLowerCase(Locale.ROOT);
          if (open.isEmpty()) throw cannotParse("Unexpected end tag at byte offset " + byteOffset(s, i));
          if (!open.peek().equals(name)) {
            throw cannotParse("Unmatched end tag at byte offset " + byteOffset(s, i) + ", expected \"</" + open.peek()
                + ">\", found \"</" + name + ">\"");
          }
          open.pop();
        } else {
          String name = tag.split("[\\s/]", 2)[0].toLowerCase(Locale.ROOT);
          if (!HTML_TAGS.contains(name)) {
            throw cannotParse("Unsupported start tag \"" + name + "\" at byte offset " + byteOffset(s, i));
          }
          open.push(name);
        }
        i = end + 1;
      } else if (c == '&') {
        int semi = s.indexOf(';', i);
        String decoded = semi > i && semi - i <= 10 ? htmlEntity(s.substring(i + 1, semi)) : null;
        if (decoded == null) {
          out.append('&');
          i++;
        } else {
          out.append(decoded);
          i = semi + 1;
        }
      } else {
        out.append(c);
        i++;
      }
    }
    if (!open.isEmpty()) throw cannotParse("Can't find end tag corresponding to start tag \"" + open.peek() + "\"");
    return out.toString();
  }

  private static String htmlEntity(String name) {
    try {
      if (name.startsWith("#x") || name.startsWith("#X")) return Character.toString(Integer.parseInt(name.substring(2), 16));
      if (name.startsWith("#")) return Character.toString(Integer.parseInt(name.substring(1)));
    } catch (IllegalArgumentException e) {
      return null;
    }
    return HTML_ENTITIES.get(name);
  }

  static String markdownV2(String s) {
    StringBuilder out = new StringBuilder();
    Deque<String> open = new ArrayDeque<>();
    Deque<Integer> openedAt = new ArrayDeque<>();
    int i = 0;
    while (i < s.length()) {
      char c = s.charAt(i);
      if (c == '\\' && i + 1 < s.length() && s.charAt(i + 1) > 0 && s.charAt(i + 1) < 127) {
        out.append(s.charAt(i + 1));
        i += 2;
        continue;
      }
      if (c == '`') {
        boolean pre = s.startsWith("```", i);
        String fence = pre ? "```" : "`";
        int close = closingFence(s, i + fence.length(), fence);
        if (close < 0) throw cannotParse("Can't find end of " + V2_NAMES.get(fence) + " entity at byte offset " + byteOffset(s, i));
        out.append(unescapeCode(s.substring(i + fence.length(), close)));
        i = close + fence.length();
        continue;
      }
      String marker = c == '_' && s.startsWith("__", i) ? "__" : c == '|' && s.startsWith("||", i) ? "||"
          : c == '*' || c == '_' || c == '~' ? String.valueOf(c) : null;
      if (marker != null) {
        if (open.contains(marker)) {
          if (!open.peek().equals(marker)) {
            throw cannotParse("Can't find end of " + V2_NAMES.get(open.peek()) + " entity at byte offset " + byteOffset(s, openedAt.peek()));
          }
          open.pop();
          openedAt.pop();
        } else {
          open.push(marker);
          openedAt.push(i);
        }
        i += marker.length();
        continue;
      }
      if (c == '[') {
        open.push("[");
        openedAt.push(i);
        i++;
        continue;
      }
      if (c == ']' && "[".equals(open.peek())) {
        if (!s.startsWith("(", i + 1)) throw cannotParse("Can't find end of TextUrl entity at byte offset " + byteOffset(s, openedAt.peek()));
        int close = closingFence(s, i + 2, ")");
        if (close < 0) throw cannotParse("Can't find end of a URL at byte offset " + byteOffset(s, i + 1));
        open.pop();
        openedAt.pop();
        i = close + 1;
        continue;
      }
      if (c == '>' && (i == 0 || s.charAt(i - 1) == '\n')) {   // block quote line
        i++;
        continue;
      }
      if (V2_RESERVED.indexOf(c) >= 0) {
        throw cannotParse("Character '" + c + "' is reserved and must be escaped with the preceding '\\'");
      }
      out.append(c);
      i++;
    }
    if (!open.isEmpty()) {
      throw cannotParse("Can't find end of " + V2_NAMES.get(open.peek()) + " entity at byte offset " + byteOffset(s, openedAt.peek()));
    }
    return out.toString();
  }

  /** Index of the unescaped {@code fence} closing a code entity (or {@code )} a link's URL), or -1. */
  private static int closingFence(String s, int from, String fence) {
    for (int i = from; i < s.length(); i++) {
      if (s.charAt(i) == '\\') i++;
      else if (s.startsWith(fence, i)) return i;
    }
    return -1;
  }

  private static String unescapeCode(String code) {
    return code.replace("\\\\", "\u0000").replace("\\`", "`").replace("\u0000", "\\");
  }

  /** Legacy Markdown: *bold*, _italic_, `code`, ```pre```, [text](url); a backslash escapes those characters. */
  static String markdown(String s) {
    StringBuilder out = new StringBuilder();
    int i = 0;
    while (i < s.length()) {
      char c = s.charAt(i);
      if (c == '\\' && i + 1 < s.length() && "_*`[".indexOf(s.charAt(i + 1)) >= 0) {
        out.append(s.charAt(i + 1));
        i += 2;
      } else if (c == '*' || c == '_' || c == '`') {
        String fence = c == '`' && s.startsWith("```", i) ? "```" : String.valueOf(c);
        int close = s.indexOf(fence, i + fence.length());
        if (close < 0) throw cannotParse("Can't find end of the entity starting at byte offset " + byteOffset(s, i));
        out.append(s, i + fence.length(), close);
        i = close + fence.length();
      } else if (c == '[') {
        int textEnd = s.indexOf(']', i + 1);
        int urlEnd = textEnd < 0 || !s.startsWith("(", textEnd + 1) ? -1 : s.indexOf(')', textEnd + 2);
        if (urlEnd < 0) throw cannotParse("Can't find end of the entity starting at byte offset " + byteOffset(s, i));
        out.append(s, i + 1, textEnd);
        i = urlEnd + 1;
      } else {
        out.append(c);
        i++;
      }
    }
    return out.toString();
  }
}
