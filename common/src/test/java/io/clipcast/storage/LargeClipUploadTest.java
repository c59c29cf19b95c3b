package io.clipcast.storage;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A 200 MB clip streamed into each store by a JVM whose whole heap is 96 MB: it can only pass if no layer
 * (our code, MinIO, the S3 server in the same JVM) holds the clip in memory. The body runs in a child JVM
 * ({@link LargeUploadRun}) because the test JVM's heap is larger.
 */
class LargeClipUploadTest {
  private static final long SIZE = 200L * 1024 * 1024;
  private static final String HEAP = "-Xmx96m";

  @TempDir
  Path tmp;

  @ParameterizedTest
  @ValueSource(strings = {"local", "s3"})
  void a200MbClipStreamsThroughA96MbHeap(String kind) throws Exception {
    String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Path log = tmp.resolve(kind + ".log");
    Process child = new ProcessBuilder(List.of(java.toString(), HEAP, "-XX:+UseSerialGC", "-cp", classpath,
        LargeUploadRun.class.getName(), kind, Long.toString(SIZE), tmp.resolve("data").toString()))
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    boolean finished = child.waitFor(150, TimeUnit.SECONDS);
    if (!finished) child.destroyForcibly();
    List<String> lines = Files.readAllLines(log);
    String result = lines.stream().filter(l -> l.startsWith("RESULT")).findFirst().orElse("");
    System.out.println("LargeClipUploadTest: " + result);
    assertTrue(finished, "the child JVM finished within 150 s");
    assertEquals(0, child.exitValue(), "size and SHA-256 agree; child output:\n" + String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size())));
    assertTrue(result.contains("bytes=" + SIZE + " stored=" + SIZE + " readBack=" + SIZE + " sha256Match=true"), result);
  }
}
