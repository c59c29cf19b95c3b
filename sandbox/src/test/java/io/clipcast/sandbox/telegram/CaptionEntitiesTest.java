package io.clipcast.sandbox.telegram;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The text a caption shows under each parse_mode, which is what Telegram's 1024-character limit counts. */
class CaptionEntitiesTest {
  private static String refusal(String caption, String mode) {
    return assertThrows(BotApiError.class, () -> CaptionEntities.shownText(caption, mode)).description;
  }

  @Test
  void plainTextIsCountedAsSent() {
    assertEquals("<b>as is</b> *too*", CaptionEntities.shownText("<b>as is</b> *too*", null));
    assertEquals("x", CaptionEntities.shownText("x", ""));
  }

  @Test
  void htmlDropsTagsAndDecodesEntities() {
    assertEquals("bold & <link> ©", CaptionEntities.shownText("<b>bold</b> &amp; <a href=\"https://x\">&lt;link&gt;</a> &#169;", "HTML"));
    assertEquals("Bad Request: can't parse entities: Unsupported start tag \"script\" at byte offset 5", refusal("Тк <script>", "HTML"),
        "offsets count UTF-8 bytes");
    assertEquals("Bad Request: can't parse entities: Can't find end tag corresponding to start tag \"b\"", refusal("<b>open", "HTML"));
    assertEquals("Bad Request: can't parse entities: Unmatched end tag at byte offset 7, expected \"</i>\", found \"</b>\"",
        refusal("<b><i>x</b></i>", "HTML"));
  }

  @Test
  void markdownV2DropsMarkupAndInsistsOnEscapes() {
    assertEquals("bold italic under strike spoiler code link 1+1=2!",
        CaptionEntities.shownText("*bold* _italic_ __under__ ~strike~ ||spoiler|| `code` [link](https://t.me/x) 1\\+1\\=2\\!", "MarkdownV2"));
    assertEquals("Bad Request: can't parse entities: Character '!' is reserved and must be escaped with the preceding '\\'",
        refusal("Hi!", "markdownv2"));
    assertEquals("Bad Request: can't parse entities: Can't find end of Bold entity at byte offset 0", refusal("*open", "MarkdownV2"));
  }

  @Test
  void legacyMarkdownKeepsTheText() {
    assertEquals("bold and link 1.5!", CaptionEntities.shownText("*bold* and [link](https://t.me) 1.5!", "Markdown"));
    assertEquals("Bad Request: can't parse entities: Can't find end of the entity starting at byte offset 0", refusal("_open", "Markdown"));
  }

  @Test
  void anUnknownModeIsRefused() {
    assertEquals("Bad Request: unsupported parse_mode", refusal("x", "rtf"));
  }
}
