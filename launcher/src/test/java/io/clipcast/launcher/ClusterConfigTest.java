package io.clipcast.launcher;

import io.clipcast.config.ConfigException;
import io.clipcast.config.ConfigLayers;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A clustered node does not start half-protected: a missing secret or certificate file stops it naming the key. */
class ClusterConfigTest {
  private static final String SECRET = "0123456789abcdef0123456789abcdef";

  @TempDir
  Path dir;

  private static Map<String, String> clustered(String... more) {
    Map<String, String> env = new HashMap<>(Map.of("CLIPCAST_CLUSTER_ENABLED", "true", "CLIPCAST_CLUSTER_MEMBERS", "10.0.0.5"));
    for (int i = 0; i < more.length; i += 2) env.put(more[i], more[i + 1]);
    return env;
  }

  private static ConfigException refused(Map<String, String> env) {
    return assertThrows(ConfigException.class, () -> ConfigLayers.fromDefaults().withEnv(env).build());
  }

  @Test
  void aClusteredNodeWithoutASecretExitsWithTwoNamingTheKey() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = Main.run(new String[] {"run"}, clustered(), new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    String message = err.toString(StandardCharsets.UTF_8);
    assertEquals(2, code, message);
    assertTrue(message.startsWith("clipcast: config error: Config key 'cluster.secret'"), message);
    assertEquals(1, message.strip().lines().count(), "one line: " + message);
    assertEquals("cluster.secret", refused(clustered("CLIPCAST_CLUSTER_SECRET", "too-short")).key());
  }

  @Test
  void tlsIsOnByDefaultAndEveryFileIsChecked() throws Exception {
    ConfigException cert = refused(clustered("CLIPCAST_CLUSTER_SECRET", SECRET));
    assertEquals("cluster.tls.certPath", cert.key());
    assertTrue(cert.getMessage().contains("signed by the cluster CA"), cert.getMessage());

    TestCerts ca = TestCerts.authority(dir, "cluster");
    TestCerts.Issued node = ca.issue("node");
    Map<String, String> tls = clustered("CLIPCAST_CLUSTER_SECRET", SECRET, "CLIPCAST_CLUSTER_TLS_CERT_PATH", node.certPath().toString(),
        "CLIPCAST_CLUSTER_TLS_KEY_PATH", node.keyPath().toString(), "CLIPCAST_CLUSTER_TLS_CA_PATH", ca.caPath.toString());
    JsonObject ok = ConfigLayers.fromDefaults().withEnv(tls).build();
    assertTrue(ok.getJsonObject("cluster").getJsonObject("tls").getBoolean("enabled"));

    Map<String, String> missingKey = new HashMap<>(tls);
    missingKey.put("CLIPCAST_CLUSTER_TLS_KEY_PATH", dir.resolve("node.kye").toString());
    ConfigException key = refused(missingKey);
    assertEquals("cluster.tls.keyPath", key.key());
    assertTrue(key.getMessage().contains("node.kye"), key.getMessage());

    Map<String, String> swapped = new HashMap<>(tls);
    swapped.put("CLIPCAST_CLUSTER_TLS_CA_PATH", node.keyPath().toString());
    ConfigException caError = refused(swapped);
    assertEquals("cluster.tls.caPath", caError.key());
    assertTrue(caError.getMessage().contains("no PEM 'CERTIFICATE' block"), caError.getMessage());
  }

  @Test
  void tlsCanBeTurnedOffExplicitlyButTheSecretStaysRequired() {
    JsonObject c = ConfigLayers.fromDefaults()
        .withEnv(clustered("CLIPCAST_CLUSTER_SECRET", SECRET, "CLIPCAST_CLUSTER_TLS_ENABLED", "false")).build();
    assertFalse(c.getJsonObject("cluster").getJsonObject("tls").getBoolean("enabled"));
    assertEquals("cluster.secret", refused(clustered("CLIPCAST_CLUSTER_TLS_ENABLED", "false")).key());
  }

  @Test
  void aStandaloneNodeNeedsNeither() {
    JsonObject c = ConfigLayers.fromDefaults().withEnv(Map.of()).build();
    assertFalse(c.getJsonObject("cluster").getBoolean("enabled"));
    assertEquals("", c.getJsonObject("cluster").getString("secret"));
  }
}
