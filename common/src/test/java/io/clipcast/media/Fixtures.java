package io.clipcast.media;

import java.net.URISyntaxException;
import java.nio.file.Path;

/** The committed media files under src/test/resources/media (see the README there for how they were made). */
final class Fixtures {
  private Fixtures() {}

  static Path media(String name) {
    try {
      return Path.of(Fixtures.class.getResource("/media/" + name).toURI());
    } catch (URISyntaxException | NullPointerException e) {
      throw new IllegalStateException("missing test fixture media/" + name, e);
    }
  }
}
