package io.clipcast.api;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

/**
 * What a node's staging directory holds, seen from inside the test JVM (the API runs in it via {@link ApiFixture}):
 * the {@code .part} files on disk and the file descriptors this process holds open on them.
 */
final class Staging {
  private final Path dir;

  Staging(ApiFixture api) {
    this.dir = Path.of(api.config.getJsonObject("storage").getString("stagingDir")).toAbsolutePath();
  }

  Path dir() {
    return dir;
  }

  /** The {@code .part} files in the staging directory. */
  List<Path> parts() {
    if (!Files.isDirectory(dir)) return List.of();
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.getFileName().toString().endsWith(".part")).toList();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Open descriptors of this JVM that point into the staging directory (/proc/self/fd). */
  long openDescriptors() {
    try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
      return fds.filter(fd -> {
        try {
          return Files.readSymbolicLink(fd).toString().startsWith(dir.toString());
        } catch (IOException e) {
          return false; // the descriptor closed while we looked
        }
      }).count();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Polls until {@code done} holds or {@code millis} pass; returns whether it held. */
  static boolean await(long millis, BooleanSupplier done) {
    long deadline = System.currentTimeMillis() + millis;
    while (System.currentTimeMillis() < deadline) {
      if (done.getAsBoolean()) return true;
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return done.getAsBoolean();
  }
}
