package io.clipcast.storage;

import io.clipcast.config.ConfigLayers;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LocalClipStoreTest extends ClipStoreContract {
  @TempDir
  Path tmp;
  private Path root;

  @Override
  ClipStore newStore(long limit) {
    root = tmp.resolve("clips");
    return new LocalClipStore(vertx, root, limit);
  }

  @Override
  List<String> files() throws Exception {
    if (!Files.exists(root)) return List.of();
    try (Stream<Path> walk = Files.walk(root)) {
      return walk.filter(Files::isRegularFile).map(p -> root.relativize(p).toString()).sorted().toList();
    }
  }

  @Test
  void cannotPresignAndSaysWhatToDoInstead() {
    Throwable e = failure(() -> store.presignedGetUrl("clips/a.mp4", Duration.ofMinutes(5)));
    assertInstanceOf(PresignNotSupportedException.class, e);
    assertTrue(e.getMessage().contains("/media"), e.getMessage());
  }

  @Test
  void aFolderOfClipsIsNotAClip() {
    on(() -> store.put("clips/u1/a.mp4", GeneratedStream.of(ctx, 10), 10));
    assertFalse(on(() -> store.exists("clips/u1")));
    assertInstanceOf(ClipNotFoundException.class, failure(() -> store.open("clips/u1")));
    on(() -> store.delete("clips/u1"));
    assertTrue(on(() -> store.exists("clips/u1/a.mp4")), "deleting a folder's name deletes nothing");
  }

  @Test
  void isWhatTheDefaultConfigBuilds() {
    JsonObject config = ConfigLayers.fromDefaults()
        .overlay(new JsonObject().put("storage", new JsonObject().put("localDir", tmp.resolve("cfg").toString())), "test").build();
    ClipStore fromConfig = ClipStores.fromConfig(vertx, config);
    assertInstanceOf(LocalClipStore.class, fromConfig);
    assertEquals(tmp.resolve("cfg").toAbsolutePath(), ((LocalClipStore) fromConfig).root());
  }
}
