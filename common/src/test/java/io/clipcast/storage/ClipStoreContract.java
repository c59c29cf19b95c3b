package io.clipcast.storage;

import io.vertx.core.AsyncResult;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What every {@link ClipStore} must do, run against each real implementation. Sizes are chosen so the S3
 * store goes through its multipart path (parts of 5 MiB) as well as its single-PUT path.
 */
abstract class ClipStoreContract {
  static final int MIB = 1024 * 1024;
  static final long LIMIT = 12L * MIB;

  static Vertx vertx;
  Context ctx;
  ClipStore store;

  /** A fresh, empty store with {@code storage.maxUploadBytes} = {@code limit}. */
  abstract ClipStore newStore(long limit) throws Exception;

  /** Every file the store's backend holds now, relative to its root: objects, and anything left behind. */
  abstract List<String> files() throws Exception;

  @BeforeAll
  static void startVertx() {
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void stopVertx() throws Exception {
    vertx.close().await(30, TimeUnit.SECONDS);
  }

  @BeforeEach
  void newStore() throws Exception {
    ctx = vertx.getOrCreateContext();
    store = newStore(LIMIT);
  }

  @AfterEach
  void closeStore() {
    on(() -> store.close());
  }

  @Test
  void storesOpensReplacesAndDeletesAClip() {
    String key = "clips/u1/first.mp4";
    GeneratedStream body = GeneratedStream.of(ctx, 3L * MIB + 17);
    StoredObject stored = on(() -> store.put(key, body, 3L * MIB + 17));
    assertEquals(new StoredObject(key, 3L * MIB + 17, body.sha256()), stored, "size and SHA-256 measured while streaming");
    assertTrue(on(() -> store.exists(key)));
    assertEquals(stored.sha256(), readBack(key, stored.size()));

    GeneratedStream second = GeneratedStream.of(ctx, 11L * MIB + 3); // unknown size, several parts
    StoredObject replaced = on(() -> store.put(key, second, -1));
    assertEquals(second.sha256(), replaced.sha256());
    assertEquals(replaced.sha256(), readBack(key, 11L * MIB + 3), "a put replaces the object");

    on(() -> store.delete(key));
    assertFalse(on(() -> store.exists(key)));
    assertInstanceOf(ClipNotFoundException.class, failure(() -> store.open(key)));
    on(() -> store.delete(key)); // deleting what is gone is fine
    assertEquals(List.of(), filesNow());
  }

  @Test
  void storesAnEmptyClip() {
    StoredObject empty = on(() -> store.put("clips/empty.mp4", GeneratedStream.of(ctx, 0), -1));
    assertEquals(0, empty.size());
    assertEquals("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", readBack("clips/empty.mp4", 0));
  }

  @Test
  void refusesUnsafeKeysWithoutReadingTheBody() {
    for (String key : List.of("", "/abs/x.mp4", "../x.mp4", "a/../b.mp4", "a/..b", "a//b", "a/", ".hidden", "a/.partial/x",
        "space here", "ключ", "a\\b", "x".repeat(ClipKeys.MAX_LENGTH + 1))) {
      GeneratedStream body = GeneratedStream.of(ctx, 10);
      assertInstanceOf(InvalidClipKeyException.class, failure(() -> store.put(key, body, 10)), key);
      assertEquals(0, body.sent(), "the body of a refused put is not read");
      assertInstanceOf(InvalidClipKeyException.class, failure(() -> store.open(key)), key);
      assertInstanceOf(InvalidClipKeyException.class, failure(() -> store.exists(key)), key);
      assertInstanceOf(InvalidClipKeyException.class, failure(() -> store.delete(key)), key);
    }
    assertEquals("a/b-c_d.E9/x.mp4", ClipKeys.check("a/b-c_d.E9/x.mp4"));
    assertEquals(ClipKeys.MAX_LENGTH, ClipKeys.check("x".repeat(ClipKeys.MAX_LENGTH)).length());
  }

  @Test
  void anUploadOverTheLimitFailsAndLeavesNothing() {
    GeneratedStream announced = GeneratedStream.of(ctx, LIMIT + 1);
    UploadTooLargeException early = assertInstanceOf(UploadTooLargeException.class,
        failure(() -> store.put("clips/big.mp4", announced, LIMIT + 1)));
    assertEquals(LIMIT, early.limit());
    assertEquals(0, announced.sent(), "an announced size over the limit is refused before reading");

    GeneratedStream unannounced = GeneratedStream.of(ctx, 20L * MIB);
    Throwable late = failure(() -> store.put("clips/big.mp4", unannounced, -1));
    assertInstanceOf(UploadTooLargeException.class, late);
    assertTrue(late.getMessage().contains("storage.maxUploadBytes"), late.getMessage());
    assertTrue(unannounced.sent() <= LIMIT + 64 * 1024, "reading stopped at the limit: " + unannounced.sent());
    assertFalse(on(() -> store.exists("clips/big.mp4")));
    assertEquals(List.of(), filesNow(), "the parts already stored were removed");
  }

  @Test
  void aBodyThatDoesNotMatchItsAnnouncedSizeLeavesNothing() {
    for (long[] c : new long[][] {{MIB, MIB - 1}, {MIB, MIB + 1}, {8L * MIB, 7L * MIB}, {6L * MIB, 11L * MIB}}) {
      GeneratedStream body = GeneratedStream.of(ctx, c[1]);
      Throwable e = failure(() -> store.put("clips/lying.mp4", body, c[0]));
      assertInstanceOf(UploadSizeMismatchException.class, e, "announced " + c[0] + ", sent " + c[1]);
    }
    assertFalse(on(() -> store.exists("clips/lying.mp4")));
    assertEquals(List.of(), filesNow());
  }

  @Test
  void anInterruptedUploadLeavesNothingAndKeepsThePreviousVersion() {
    String key = "clips/keep.mp4";
    StoredObject v1 = on(() -> store.put(key, GeneratedStream.of(ctx, MIB), MIB));

    GeneratedStream cut = GeneratedStream.failingAfter(ctx, 10L * MIB, 7L * MIB); // after the first S3 part
    Throwable e = failure(() -> store.put(key, cut, 10L * MIB));
    assertInstanceOf(IOException.class, e, "the body's own failure is reported");
    assertEquals(v1.sha256(), readBack(key, MIB), "the complete earlier version is still there");

    GeneratedStream cutNew = GeneratedStream.failingAfter(ctx, 10L * MIB, 7L * MIB);
    assertInstanceOf(IOException.class, failure(() -> store.put("clips/never.mp4", cutNew, -1)));
    assertFalse(on(() -> store.exists("clips/never.mp4")));
    assertEquals(List.of(key), filesNow(), "no partial data anywhere");
  }

  @Test
  void concurrentUploadsOnOneEventLoopStayApart() {
    int n = 6;
    List<GeneratedStream> bodies = new java.util.ArrayList<>();
    List<Future<StoredObject>> puts = new java.util.ArrayList<>();
    on(() -> {
      for (int i = 0; i < n; i++) {
        GeneratedStream body = new GeneratedStream(ctx, 6L * MIB + i, 16 * 1024, -1, 1000 + i);
        bodies.add(body);
        puts.add(store.put("clips/many/" + i + ".mp4", body, i % 2 == 0 ? -1 : 6L * MIB + i));
      }
      return Future.all(puts);
    });
    for (int i = 0; i < n; i++) {
      assertEquals(bodies.get(i).sha256(), puts.get(i).result().sha256());
      assertEquals(puts.get(i).result().sha256(), readBack("clips/many/" + i + ".mp4", 6L * MIB + i));
    }
  }

  /** Reads the clip back through {@link ClipStore#open} and returns the SHA-256 of what arrived. */
  String readBack(String key, long expectedSize) {
    ClipStream clip = on(() -> store.open(key));
    assertEquals(expectedSize, clip.size());
    HashingWriteStream sink = new HashingWriteStream();
    on(() -> clip.pipeTo(sink));
    assertEquals(expectedSize, sink.count());
    return sink.sha256();
  }

  List<String> filesNow() {
    try {
      return files();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  /** Runs the operation on the test's event-loop context and waits for its result. */
  <T> T on(Supplier<Future<T>> op) {
    Promise<T> done = Promise.promise();
    ctx.runOnContext(v -> op.get().onComplete(ar -> {
      if (ar.succeeded()) done.complete(ar.result());
      else done.fail(ar.cause());
    }));
    try {
      return done.future().await(60, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  Throwable failure(Supplier<Future<?>> op) {
    AsyncResult<?> ar = on(() -> op.get().transform(Future::succeededFuture));
    assertTrue(ar.failed(), "expected a failure, got " + ar.result());
    return ar.cause();
  }
}
