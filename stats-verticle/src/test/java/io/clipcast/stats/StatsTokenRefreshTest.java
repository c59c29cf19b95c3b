package io.clipcast.stats;

import io.clipcast.config.SandboxRouting;
import io.clipcast.crypto.KeyRing;
import io.clipcast.crypto.TokenAad;
import io.clipcast.crypto.TokenCipher;
import io.clipcast.db.Migrations;
import io.clipcast.db.PgPools;
import io.clipcast.platforms.ConnectorRegistry;
import io.clipcast.platforms.credentials.NodeServices;
import io.clipcast.queue.RateLimiter;
import io.clipcast.queue.RateLimits;
import io.clipcast.redis.RedisClients;
import io.clipcast.sandbox.SandboxVerticle;
import io.clipcast.testing.TestServices;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.multipart.MultipartForm;
import io.vertx.redis.client.Redis;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Stats of a VK post whose 1-hour access token ended an hour ago: the collector refreshes it against the sandbox's VK ID
 * over real HTTP (the rotated refresh token is stored, encrypted) and reads the counters; when VK ID refuses the refresh,
 * the connection is marked for reconnect and the post leaves the stats schedule instead of failing every round.
 */
class StatsTokenRefreshTest {
  private static final String CLIENT_ID = "51000001";
  private static final AtomicLong USERS = new AtomicLong(7_700_000);

  private static Vertx vertx;
  private static Vertx sandboxVertx;
  private static Pool pg;
  private static Redis redis;
  private static WebClient web;
  private static String sandbox;
  private static TokenCipher cipher;
  private static StatsCollector collector;

  @BeforeAll
  static void start() throws Exception {
    int port = TestServices.freePort();
    sandboxVertx = Vertx.vertx();
    sandboxVertx.deployVerticle(SandboxVerticle::new, new DeploymentOptions().setConfig(new JsonObject().put("host", "127.0.0.1")
        .put("port", port))).await(30, TimeUnit.SECONDS);
    sandbox = "http://127.0.0.1:" + port;
    JsonObject config = TestServices.get().config();
    SandboxRouting.apply(config, sandbox);
    config.getJsonObject("oauth").getJsonObject("clients").put("vk", new JsonObject().put("clientId", CLIENT_ID).put("clientSecret", ""));
    Migrations.migrateBlocking(config.getJsonObject("db"));
    vertx = Vertx.vertx();
    pg = PgPools.shared(vertx, config.getJsonObject("db"));
    redis = RedisClients.pooled(vertx, config.getJsonObject("redis"));
    web = WebClient.create(vertx);
    cipher = new TokenCipher(KeyRing.fromConfig(config));
    collector = new StatsCollector(pg, new ConnectorRegistry(vertx, config), NodeServices.of(vertx, config).credentials(pg),
        new RateLimiter(redis, config.getJsonObject("redis").getString("keyPrefix")), io.clipcast.platforms.catalog.PlatformCatalog.shipped().rateLimits(config),
        config.getJsonObject("stats"));
  }

  @AfterAll
  static void stop() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
    sandboxVertx.close().await(10, TimeUnit.SECONDS);
  }

  @BeforeEach
  void clearFaults() {
    web.deleteAbs(sandbox + "/_sandbox/faults").send().await();
  }

  @Test
  void anHourOldVkTokenIsRefreshedStoredRotatedAndTheStatsAreRead() throws Exception {
    long vkUser = USERS.incrementAndGet();
    JsonObject video = uploadVideo(issue(vkUser, 3600));
    JsonObject stale = expiredTokens(vkUser);
    Ids ids = seed(vkUser, stale, video);

    assertEquals(1, collector.round().await(30, TimeUnit.SECONDS), "the post's stats were read");

    Row c = connection(ids.connection);
    assertEquals("connected", c.getString("status"));
    TokenAad aad = new TokenAad(ids.connection, ids.user, "vk");
    String access = cipher.decrypt(c.getBuffer("access_token_enc").getBytes(), aad);
    String refresh = cipher.decrypt(c.getBuffer("refresh_token_enc").getBytes(), aad);
    assertNotEquals(stale.getString("access_token"), access, "a new access token is stored");
    assertNotEquals(stale.getString("refresh_token"), refresh, "VK ID rotated the refresh token and the new one is stored");
    Duration left = Duration.between(Instant.now(), c.getOffsetDateTime("expires_at").toInstant());
    assertTrue(left.toMinutes() >= 55 && left.toMinutes() <= 60, left.toString());
    assertEquals(200, refreshWith(refresh, stale.getString("device_id")).statusCode(), "the stored refresh token is the live one");
    assertEquals(400, refreshWith(stale.getString("refresh_token"), stale.getString("device_id")).statusCode(), "the old one is spent");

    Row p = publication(ids.publication);
    assertEquals(1, p.getInteger("stats_reads"));
    assertEquals(1L, count("SELECT count(*) FROM publication_stats WHERE publication_id = $1", ids.publication));
  }

  @Test
  void aRefusedRefreshMarksTheConnectionForReconnectAndStopsReadingItsStats() throws Exception {
    long vkUser = USERS.incrementAndGet();
    JsonObject video = uploadVideo(issue(vkUser, 3600));
    JsonObject stale = expiredTokens(vkUser);
    Ids ids = seed(vkUser, stale, video);
    web.postAbs(sandbox + "/_sandbox/faults").sendJsonObject(new JsonObject().put("platform", "vk").put("kind", "token_expired")
        .put("match", "oauth2.auth")).await();

    assertEquals(0, collector.round().await(30, TimeUnit.SECONDS));
    assertEquals("expired", connection(ids.connection).getString("status"), "the user is asked to connect VK again");
    Row p = publication(ids.publication);
    assertTrue(p.getBoolean("off_schedule"), "the post left the stats schedule");
    assertEquals(0L, count("SELECT count(*) FROM publication_stats WHERE publication_id = $1", ids.publication));

    // the next rounds neither read nor try to refresh it again
    web.deleteAbs(sandbox + "/_sandbox/faults").send().await();
    assertEquals(0, collector.round().await(30, TimeUnit.SECONDS));
    Row still = connection(ids.connection);
    assertEquals("expired", still.getString("status"));
    assertEquals(stale.getString("refresh_token"), cipher.decrypt(still.getBuffer("refresh_token_enc").getBytes(),
        new TokenAad(ids.connection, ids.user, "vk")), "no second refresh was made");
  }

  private record Ids(UUID user, UUID connection, UUID publication) {}

  /** A user, a VK connection holding {@code tokens} whose access token ended an hour ago, and a published post due for stats. */
  private static Ids seed(long vkUser, JsonObject tokens, JsonObject video) {
    UUID user = UUID.randomUUID();
    UUID conn = UUID.randomUUID();
    UUID clip = UUID.randomUUID();
    UUID pub = UUID.randomUUID();
    TokenAad aad = new TokenAad(conn, user, "vk");
    byte[] access = cipher.encrypt(tokens.getString("access_token"), aad);
    pg.preparedQuery("INSERT INTO users (id, email, password_hash) VALUES ($1, $2, 'x')").execute(Tuple.of(user, user + "@test")).await();
    pg.preparedQuery("INSERT INTO platform_connections (id, user_id, platform, external_account_id, display_name, access_token_enc,"
            + " refresh_token_enc, key_id, expires_at, scopes, metadata) VALUES ($1, $2, 'vk', $3, 'VK user', $4, $5, $6,"
            + " now() - interval '1 hour', $7, $8)")
        .execute(Tuple.from(new Object[] {conn, user, Long.toString(vkUser), Buffer.buffer(access),
            Buffer.buffer(cipher.encrypt(tokens.getString("refresh_token"), aad)), TokenCipher.keyIdOf(access),
            new String[] {"vkid.personal_info", "wall", "video"},
            new JsonObject().put("deviceId", tokens.getString("device_id")).put("userId", Long.toString(vkUser))})).await();
    pg.preparedQuery("INSERT INTO clips (id, user_id, storage_key, file_name, status) VALUES ($1, $2, 'k', 'clip.mp4', 'ready')")
        .execute(Tuple.of(clip, user)).await();
    JsonObject state = new JsonObject().put("ownerId", video.getLong("owner_id")).put("videoId", video.getLong("video_id"))
        .put("accessKey", video.getString("access_key"));
    pg.preparedQuery("INSERT INTO publications (id, user_id, clip_id, connection_id, platform, status, external_id, upload_state,"
            + " published_at, stats_next_at) VALUES ($1, $2, $3, $4, 'vk', 'published', $5, $6, now() - interval '2 hours',"
            + " now() - interval '1 minute')")
        .execute(Tuple.of(pub, user, clip, conn, video.getLong("owner_id") + "_" + video.getLong("video_id"), state)).await();
    return new Ids(user, conn, pub);
  }

  /** Tokens VK ID issued to this app for {@code vkUser}; new access tokens live 1 hour, as VK ID's do. */
  private static JsonObject issue(long vkUser, int ttlSeconds) {
    control("/vk/_sandbox/oauth", new JsonObject().put("accessTokenTtlSeconds", ttlSeconds));
    JsonObject tokens = control("/vk/_sandbox/tokens", new JsonObject().put("userId", vkUser).put("clientId", CLIENT_ID));
    control("/vk/_sandbox/oauth", new JsonObject().put("accessTokenTtlSeconds", 3600));
    return tokens;
  }

  /** Tokens whose access token VK no longer accepts (it lived 1 s), as after an hour: only a refresh helps. */
  private static JsonObject expiredTokens(long vkUser) throws InterruptedException {
    JsonObject tokens = issue(vkUser, 1);
    Thread.sleep(1_500);
    return tokens;
  }

  /** video.save and the upload, as a publish would have done: the video whose counters the stats read. */
  private static JsonObject uploadVideo(JsonObject tokens) {
    JsonObject saved = web.postAbs(sandbox + "/vk/api/method/video.save").sendForm(MultiMap.caseInsensitiveMultiMap()
        .add("access_token", tokens.getString("access_token")).add("v", "5.199").add("name", "stats test")).await().bodyAsJsonObject();
    JsonObject video = saved.getJsonObject("response");
    assertNotNull(video, saved.encode());
    HttpResponse<Buffer> up = web.postAbs(video.getString("upload_url")).sendMultipartForm(MultipartForm.create()
        .binaryFileUpload("video_file", "clip.mp4", Buffer.buffer(new byte[64 * 1024]), "video/mp4")).await();
    assertEquals(200, up.statusCode(), up.bodyAsString());
    return video;
  }

  private static HttpResponse<Buffer> refreshWith(String refreshToken, String deviceId) {
    return web.postAbs(sandbox + "/vk/id/oauth2/auth").sendForm(MultiMap.caseInsensitiveMultiMap().add("grant_type", "refresh_token")
        .add("refresh_token", refreshToken).add("client_id", CLIENT_ID).add("device_id", deviceId).add("state", "s")).await();
  }

  private static JsonObject control(String path, JsonObject body) {
    HttpResponse<Buffer> r = web.postAbs(sandbox + path).sendJsonObject(body).await();
    if (r.statusCode() >= 300) throw new AssertionError(path + " → " + r.statusCode() + " " + r.bodyAsString());
    return r.body() == null || r.body().length() == 0 ? new JsonObject() : r.bodyAsJsonObject();
  }

  private static Row connection(UUID id) {
    return pg.preparedQuery("SELECT * FROM platform_connections WHERE id = $1").execute(Tuple.of(id)).await().iterator().next();
  }

  private static Row publication(UUID id) {
    return pg.preparedQuery("SELECT stats_reads, stats_next_at = 'infinity' AS off_schedule FROM publications WHERE id = $1")
        .execute(Tuple.of(id)).await().iterator().next();
  }

  private static long count(String sql, UUID id) {
    return pg.preparedQuery(sql).execute(Tuple.of(id)).await().iterator().next().getLong(0);
  }
}
