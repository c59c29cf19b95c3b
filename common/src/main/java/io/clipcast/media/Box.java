package io.clipcast.media;

/** An ISO BMFF box found in the file: its four-character type, where it starts, where its content starts and ends. */
record Box(String type, long start, long contentStart, long end) {
  long contentSize() {
    return end - contentStart;
  }
}
