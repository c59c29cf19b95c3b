package io.clipcast.publish.vk;

import io.clipcast.connector.ConnectedAccount;
import io.clipcast.connector.ConnectorSettings;
import io.clipcast.connector.OAuthCallback;
import io.clipcast.connector.OAuthStart;
import io.clipcast.connector.PlatformConnector;
import io.clipcast.connector.PlatformFailure;
import io.clipcast.connector.PublishContext;
import io.clipcast.connector.PublishResult;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;

/** VK (platforms/vk.md): accounts connect through VK ID ({@link VkIdClient}). */
public final class VkConnector implements PlatformConnector {
  private VkIdClient id;

  @Override
  public String id() {
    return "vk";
  }

  @Override
  public String authKind() {
    return "oauth2";
  }

  @Override
  public void init(Vertx vertx, ConnectorSettings settings) {
    WebClient web = WebClient.create(vertx, new WebClientOptions().setConnectTimeout(10_000).setIdleTimeout(60));
    this.id = new VkIdClient(web, settings);
  }

  @Override
  public String authorizationUrl(OAuthStart start) {
    return id.authorizationUrl(start);
  }

  @Override
  public Future<ConnectedAccount> exchangeCode(OAuthCallback callback) {
    return id.exchangeCode(callback);
  }

  @Override
  public Future<ConnectedAccount> refresh(ConnectedAccount current) {
    return id.refresh(current);
  }

  @Override
  public Future<PublishResult> publish(PublishContext ctx) {
    return Future.failedFuture(PlatformFailure.permanent(null, "Publishing to VK is not available in this build yet."));
  }
}
