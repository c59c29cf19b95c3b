package io.clipcast.sandbox.youtube;

import com.google.api.client.auth.oauth2.Credential;
import com.google.api.client.auth.oauth2.TokenResponse;
import com.google.api.client.googleapis.auth.oauth2.GoogleAuthorizationCodeFlow;
import com.google.api.client.googleapis.auth.oauth2.GoogleOAuthConstants;
import com.google.api.client.googleapis.media.MediaHttpUploader;
import com.google.api.client.http.GenericUrl;
import com.google.api.client.http.InputStreamContent;
import com.google.api.client.http.javanet.NetHttpTransport;
import com.google.api.client.json.gson.GsonFactory;
import com.google.api.services.youtube.YouTube;
import com.google.api.services.youtube.model.Video;
import com.google.api.services.youtube.model.VideoListResponse;
import com.google.api.services.youtube.model.VideoSnippet;
import com.google.api.services.youtube.model.VideoStatus;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Google's own Java client (google-api-client, google-oauth-client, google-api-services-youtube) run unmodified against
 * the YouTube simulator, as in Google's UploadVideo sample: GoogleAuthorizationCodeFlow (authorize, code exchange,
 * refresh), videos.insert through MediaHttpUploader (which gzips the metadata, and the chunks when the length is unknown)
 * and videos.list with repeated {@code part} and {@code id} parameters. Only the hosts are the sandbox's
 * (docs/platforms/youtube.md, "Google's own client against the simulator").
 */
class GoogleJavaClientTest {
  private static final String CHANNEL = "UCgoogleJavaClientTest01";
  private static final NetHttpTransport TRANSPORT = new NetHttpTransport();
  private static YouTubeSandbox sb;

  @BeforeAll
  static void start() throws Exception {
    sb = new YouTubeSandbox();
  }

  @AfterAll
  static void stop() throws Exception {
    sb.close();
  }

  @BeforeEach
  void reset() throws Exception {
    sb.delete("/_sandbox/posts");
    sb.delete("/youtube/_sandbox/quota");
    sb.control("/youtube/_sandbox/settings", new JsonObject().put("processingMs", 300).put("rejectDuplicates", false));
    sb.control("/youtube/_sandbox/projects", new JsonObject().put("clientId", YouTubeSandbox.CLIENT_ID).put("audited", true));
    sb.control("/youtube/_sandbox/oauth", new JsonObject().put("autoApprove", true)
        .put("channel", new JsonObject().put("id", CHANNEL).put("title", "Google client")));
  }

  /**
   * Google's flow (as the samples' Auth.authorize builds it) with offline access; only the hosts are the sandbox's, the
   * paths are the client's defaults ({@code /o/oauth2/auth}, {@code /token}).
   */
  private static GoogleAuthorizationCodeFlow flow() {
    String authorizePath = URI.create(GoogleOAuthConstants.AUTHORIZATION_SERVER_URL).getPath();
    String tokenPath = URI.create(GoogleOAuthConstants.TOKEN_SERVER_URL).getPath();
    return new GoogleAuthorizationCodeFlow.Builder(TRANSPORT, GsonFactory.getDefaultInstance(), YouTubeSandbox.CLIENT_ID,
        YouTubeSandbox.CLIENT_SECRET, List.of("https://www.googleapis.com/auth/youtube.upload", "https://www.googleapis.com/auth/youtube.readonly"))
        .setAccessType("offline")
        .setAuthorizationServerEncodedUrl(sb.base + "/youtube/oauth" + authorizePath)
        .setTokenServerUrl(new GenericUrl(sb.base + "/youtube/token" + tokenPath))
        .build();
  }

  /** Signs in through the authorize page (auto-approved) and exchanges the code as the client does. */
  private static Credential signIn() throws Exception {
    GoogleAuthorizationCodeFlow flow = flow();
    String url = flow.newAuthorizationUrl().setRedirectUri(YouTubeSandbox.REDIRECT).setState("st-1").build();
    HttpResponse<String> page = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(302, page.statusCode(), url + " → " + page.body());
    String location = page.headers().firstValue("Location").orElseThrow();
    Map<String, String> query = io.clipcast.sandbox.SandboxHttp.queryParams(location);
    assertEquals("st-1", query.get("state"));
    TokenResponse tokens = flow.newTokenRequest(query.get("code")).setRedirectUri(YouTubeSandbox.REDIRECT).execute();
    assertNotNull(tokens.getRefreshToken(), "access_type=offline earns a refresh token");
    return flow.createAndStoreCredential(tokens, "user");
  }

  private static YouTube youtube(Credential credential) {
    return new YouTube.Builder(TRANSPORT, GsonFactory.getDefaultInstance(), credential).setApplicationName("clipcast-sandbox-test")
        .setRootUrl(sb.base + "/youtube/api/").build();
  }

  /** videos.insert as Google's UploadVideo sample calls it; {@code knownLength} false = the sample's InputStreamContent. */
  private static Video upload(YouTube youtube, byte[] bytes, boolean knownLength) throws Exception {
    Video video = new Video().setSnippet(new VideoSnippet().setTitle("Google client upload").setDescription("uploaded by MediaHttpUploader")
        .setTags(List.of("test", "java"))).setStatus(new VideoStatus().setPrivacyStatus("public"));
    InputStreamContent media = new InputStreamContent("video/*", new ByteArrayInputStream(bytes));
    if (knownLength) media.setLength(bytes.length);
    YouTube.Videos.Insert insert = youtube.videos().insert(List.of("snippet", "statistics", "status"), video, media);
    MediaHttpUploader uploader = insert.getMediaHttpUploader();
    uploader.setDirectUploadEnabled(false);
    uploader.setChunkSize(MediaHttpUploader.MINIMUM_CHUNK_SIZE);   // several chunks for a small file
    return insert.execute();
  }

  private static Video processed(YouTube youtube, String id) throws Exception {
    for (int i = 0; i < 40; i++) {
      VideoListResponse list = youtube.videos().list(List.of("status", "processingDetails")).setId(List.of(id, "noSuchVideo")).execute();
      Video v = list.getItems().get(0);
      assertNotNull(v.getStatus(), "status, the second repeated part, is answered");
      assertNotNull(v.getProcessingDetails(), "processingDetails is answered");
      if ("processed".equals(v.getStatus().getUploadStatus())) return v;
      Thread.sleep(50);
    }
    throw new AssertionError("never processed");
  }

  private static byte[] file(int size) {
    byte[] bytes = new byte[size];
    new Random(size).nextBytes(bytes);
    return bytes;
  }

  private static String sha256(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }

  private static JsonArray ledger() throws Exception {
    return sb.get("/_sandbox/posts?platform=youtube", null).json().getJsonArray("items");
  }

  @Test
  void theSampleFlowSignsInUploadsGzippedChunksOfUnknownLengthAndListsWithRepeatedParameters() throws Exception {
    Credential credential = signIn();
    String first = credential.getAccessToken();
    assertTrue(credential.refreshToken(), "the refresh grant works as the client sends it");
    assertTrue(!first.equals(credential.getAccessToken()), "a new access token");
    YouTube youtube = youtube(credential);
    byte[] bytes = file(2 * MediaHttpUploader.MINIMUM_CHUNK_SIZE + 1234);
    Video returned = upload(youtube, bytes, false);
    assertNotNull(returned.getId());
    assertEquals("Google client upload", returned.getSnippet().getTitle());
    assertEquals(CHANNEL, returned.getSnippet().getChannelId());
    Video done = processed(youtube, returned.getId());
    assertEquals("public", done.getStatus().getPrivacyStatus());
    assertEquals("succeeded", done.getProcessingDetails().getProcessingStatus());
    JsonObject post = ledger().getJsonObject(0);
    assertEquals(sha256(bytes), post.getString("sha256"), "the gzipped chunks were inflated byte-exact");
    assertEquals(bytes.length, post.getLong("bytes"));
  }

  @Test
  void aKnownLengthUploadAndAnUnauditedProjectsLockShowThroughTheClient() throws Exception {
    sb.control("/youtube/_sandbox/projects", new JsonObject().put("clientId", YouTubeSandbox.CLIENT_ID).put("audited", false));
    YouTube youtube = youtube(signIn());
    byte[] bytes = file(MediaHttpUploader.MINIMUM_CHUNK_SIZE + 99);
    Video returned = upload(youtube, bytes, true);
    Video done = processed(youtube, returned.getId());
    assertEquals("private", done.getStatus().getPrivacyStatus(), "an unaudited project's upload is locked to private");
    assertEquals(sha256(bytes), ledger().getJsonObject(0).getString("sha256"));
    assertTrue(ledger().getJsonObject(0).getJsonObject("extra").getBoolean("lockedPrivateByAudit"));
  }
}
