package io.clipcast.db;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.ClientSSLOptions;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.SslMode;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/** Creates the Postgres pool from the {@code db} config block; one shared pool per Vert.x instance. */
public final class PgPools {
  public static final String SHARED_POOL_NAME = "clipcast-pg";

  private PgPools() {}

  public static PgConnectOptions connectOptions(JsonObject db) {
    return new PgConnectOptions()
        .setHost(db.getString("host"))
        .setPort(db.getInteger("port"))
        .setDatabase(db.getString("database"))
        .setUser(db.getString("user"))
        .setPassword(db.getString("password"))
        // every query is a prepared statement: parse/plan once per connection, not per request
        .setCachePreparedStatements(true)
        .setPreparedStatementCacheMaxSize(512)
        .setSslMode(SslMode.of(db.getString("sslMode")))
        .setSslOptions(sslOptions(db));
  }

  /**
   * libpq's meaning of {@code db.sslMode}, which the JDBC URL ({@link #jdbcUrl}) gets too: {@code allow}, {@code prefer}
   * and {@code require} encrypt without checking the server's certificate; {@code verify-ca} checks it against
   * {@code db.sslRootCert}; {@code verify-full} also checks that it names {@code db.host}.
   */
  private static ClientSSLOptions sslOptions(JsonObject db) {
    String mode = db.getString("sslMode");
    ClientSSLOptions ssl = new ClientSSLOptions();
    if (!mode.startsWith("verify-")) return ssl.setTrustAll(true);
    return ssl.setTrustOptions(new PemTrustOptions().addCertPath(db.getString("sslRootCert")))
        .setHostnameVerificationAlgorithm(mode.equals("verify-full") ? "HTTPS" : "");
  }

  /**
   * A pool shared by every verticle instance of this node (same name ⇒ same pool), so N API instances do
   * not open N × maxSize connections.
   */
  public static Pool shared(Vertx vertx, JsonObject db) {
    JsonObject pool = db.getJsonObject("pool");
    PoolOptions options = new PoolOptions()
        .setShared(true)
        .setName(SHARED_POOL_NAME)
        .setMaxSize(pool.getInteger("maxSize"))
        .setMaxWaitQueueSize(pool.getInteger("maxWaitQueueSize"))
        .setConnectionTimeout(pool.getInteger("connectTimeoutMs"))
        .setConnectionTimeoutUnit(TimeUnit.MILLISECONDS)
        .setIdleTimeout(pool.getInteger("idleTimeoutMs"))
        .setIdleTimeoutUnit(TimeUnit.MILLISECONDS);
    // TCP connect timeout too: a blackholed DB host must fail readiness quickly, not hang for minutes
    NetClientOptions net = new NetClientOptions().setConnectTimeout(pool.getInteger("connectTimeoutMs"));
    return PgBuilder.pool().with(options).with(net).connectingTo(connectOptions(db)).using(vertx).build();
  }

  /** The same server and TLS settings for JDBC (Flyway): pgjdbc reads sslmode and sslrootcert as libpq does. */
  public static String jdbcUrl(JsonObject db) {
    String mode = db.getString("sslMode");
    String url = "jdbc:postgresql://" + db.getString("host") + ":" + db.getInteger("port") + "/" + db.getString("database")
        + "?sslmode=" + mode;
    return mode.startsWith("verify-")
        ? url + "&sslrootcert=" + URLEncoder.encode(db.getString("sslRootCert"), StandardCharsets.UTF_8)
        : url;
  }
}
