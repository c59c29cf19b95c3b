package io.clipcast.platforms.linkedin;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Captions become LinkedIn "little text": reserved characters escaped, hashtags left working. */
class LittleTextTest {
  @Test
  void reservedCharactersAreEscapedAndHashtagsKept() {
    assertEquals("50% \\(off\\) \\@team \\_v2\\_ #1 #sale! \\\\ \\~ \\* \\{x\\} \\[y\\] \\<z\\> a\\|b",
        LittleText.escape("50% (off) @team _v2_ #1 #sale! \\ ~ * {x} [y] <z> a|b"));
    assertEquals("\\# alone, #tag, \\##double, #Привет", LittleText.escape("# alone, #tag, ##double, #Привет"));
    assertEquals("", LittleText.escape(null));
  }
}
