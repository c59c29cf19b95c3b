package io.clipcast.sandbox.tiktok;

import io.clipcast.sandbox.kit.Fault;
import io.clipcast.sandbox.kit.SandboxKit;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;

import java.security.MessageDigest;

/** PULL_FROM_URL: TikTok downloads {@code video_url} itself, hashing each buffer (docs/platforms/tiktok.md, "Sandbox control routes"). */
final class TikTokPuller {
  private final SandboxKit kit;
  private final TikTokPosts posts;
  private final HttpClient client;

  TikTokPuller(SandboxKit kit, TikTokPosts posts) {
    this.kit = kit;
    this.posts = posts;
    this.client = kit.vertx().createHttpClient(new HttpClientOptions().setConnectTimeout(10_000).setIdleTimeout(60));
  }

  void pull(TikTokPost p, String url, boolean failProcessing) {
    Fault f = kit.faults().take("tiktok", "pull").orElse(null);
    if (f != null && f.kind().equals("http_error")) {
      posts.fail(p, "video_pull_failed");
      return;
    }
    MessageDigest sha = TikTokPost.sha256();
    RequestOptions get = new RequestOptions().setMethod(HttpMethod.GET).setAbsoluteURI(url).setFollowRedirects(true)
        .putHeader("User-Agent", "tiktok-sandbox-puller");
    client.request(get).compose(HttpClientRequest::send).onSuccess(resp -> {
      if (resp.statusCode() / 100 != 2) {
        resp.request().reset();
        posts.fail(p, "video_pull_failed");
        return;
      }
      long[] total = {0};
      resp.handler(buf -> {
        total[0] += buf.length();
        sha.update(buf.getBytes());
        synchronized (p) {
          p.downloadedBytes = total[0];
        }
        if (total[0] > TikTokContentApi.MAX_VIDEO || (f != null && f.kind().equals("reset") && total[0] >= f.afterBytes())) {
          resp.request().reset();
        }
      });
      resp.exceptionHandler(e -> posts.fail(p, "video_pull_failed"));
      resp.endHandler(v -> {
        if (total[0] == 0) posts.fail(p, "video_pull_failed");
        else posts.received(p, total[0], TikTokPosts.hex(sha.digest()), failProcessing);
      });
    }).onFailure(e -> posts.fail(p, "video_pull_failed"));
  }
}
