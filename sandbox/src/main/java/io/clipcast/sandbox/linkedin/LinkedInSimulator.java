package io.clipcast.sandbox.linkedin;

import io.clipcast.sandbox.kit.SandboxKit;
import io.clipcast.sandbox.kit.Simulator;
import io.vertx.ext.web.Router;

/**
 * LinkedIn as described in {@code docs/platforms/linkedin.md}: OAuth on the {@code www.linkedin.com} host under
 * {@code /linkedin/oauth} ({@link LinkedInOAuthServer}) together with the pre-signed part uploads ({@link DmsUploads});
 * the API host under {@code /linkedin/api}: {@code /v2/userinfo} and {@code /rest/organizationAcls} ({@link MemberApi}),
 * {@code /rest/videos} ({@link VideosApi}), {@code /rest/posts} and {@code /rest/socialActions} ({@link PostsApi}),
 * all behind {@link RestGate}; control under {@code /linkedin/_sandbox} ({@link LinkedInControl}).
 */
public final class LinkedInSimulator implements Simulator {
  @Override
  public String id() {
    return "linkedin";
  }

  @Override
  public void mount(Router router, SandboxKit kit) {
    LinkedInSettings settings = new LinkedInSettings();
    LinkedInDirectory directory = new LinkedInDirectory();
    LinkedInTokens tokens = new LinkedInTokens(settings);
    LinkedInVideos videos = new LinkedInVideos();
    LinkedInPosts posts = new LinkedInPosts();
    RestGate gate = new RestGate(kit, tokens, directory, settings);
    new LinkedInControl(directory, tokens, settings, posts, videos).mount(router);
    new LinkedInOAuthServer(kit, directory, tokens, settings).mount(router);
    new DmsUploads(kit, videos).mount(router);
    new MemberApi(gate, directory).mount(router);
    new VideosApi(gate, directory, videos, settings, kit.publicBase()).mount(router);
    new PostsApi(gate, directory, videos, posts, settings, kit.ledger()).mount(router);
  }
}
