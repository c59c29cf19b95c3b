package io.clipcast.testing;

import io.vertx.core.json.JsonObject;
import org.eclipse.jetty.util.component.AbstractLifeCycle;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStoreContext;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * A real S3 server in the test JVM: s3proxy (SigV2/V4 auth, multipart, presigned URLs) over jclouds'
 * filesystem store, so objects go to disk, not to the heap, and a test can look at what was left behind.
 */
public final class EmbeddedS3 implements AutoCloseable {
  public static final String ACCESS_KEY = "clipcast-test";
  public static final String SECRET_KEY = "clipcast-test-secret";

  private final S3Proxy proxy;
  private final BlobStoreContext context;
  private final Path dir;

  private EmbeddedS3(S3Proxy proxy, BlobStoreContext context, Path dir) {
    this.proxy = proxy;
    this.context = context;
    this.dir = dir;
  }

  /** Starts on a free loopback port, storing under {@code dir}; buckets are folders there. */
  public static EmbeddedS3 start(Path dir) throws Exception {
    Files.createDirectories(dir);
    Properties props = new Properties();
    props.setProperty("jclouds.filesystem.basedir", dir.toString());
    BlobStoreContext context = ContextBuilder.newBuilder("filesystem")
        .credentials("unused", "unused").overrides(props).build(BlobStoreContext.class);
    S3Proxy proxy = S3Proxy.builder()
        .blobStore(context.getBlobStore())
        .endpoint(URI.create("http://127.0.0.1:" + TestServices.freePort()))
        .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
        .build();
    proxy.start();
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (!AbstractLifeCycle.STARTED.equals(proxy.getState())) {
      if (System.nanoTime() > deadline) throw new IllegalStateException("s3proxy did not start: " + proxy.getState());
      Thread.sleep(10);
    }
    return new EmbeddedS3(proxy, context, dir);
  }

  public String endpoint() {
    return "http://127.0.0.1:" + proxy.getPort();
  }

  public void createBucket(String bucket) {
    context.getBlobStore().createContainerInLocation(null, bucket);
  }

  /** Every file the store keeps for a bucket: objects, and any parts of unfinished multipart uploads. */
  public List<String> filesOf(String bucket) throws IOException {
    Path root = dir.resolve(bucket);
    if (!Files.exists(root)) return List.of();
    try (Stream<Path> walk = Files.walk(root)) {
      return walk.filter(Files::isRegularFile).map(p -> root.relativize(p).toString()).sorted().toList();
    }
  }

  /** The {@code storage} config block pointing at this server. */
  public JsonObject storageConfig(String bucket, long maxUploadBytes) {
    return new JsonObject().put("kind", "s3").put("maxUploadBytes", maxUploadBytes)
        .put("s3", new JsonObject().put("endpoint", endpoint()).put("region", "us-east-1").put("bucket", bucket)
            .put("accessKey", ACCESS_KEY).put("secretKey", SECRET_KEY).put("pathStyle", true));
  }

  @Override
  public void close() throws Exception {
    proxy.stop();
    context.close();
  }
}
