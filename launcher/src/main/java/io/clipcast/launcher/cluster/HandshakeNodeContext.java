package io.clipcast.launcher.cluster;

import com.hazelcast.instance.EndpointQualifier;
import com.hazelcast.instance.impl.DefaultNodeContext;
import com.hazelcast.instance.impl.DefaultNodeExtension;
import com.hazelcast.instance.impl.Node;
import com.hazelcast.instance.impl.NodeExtension;
import com.hazelcast.nio.MemberSocketInterceptor;

/**
 * Hazelcast's open-source node, except that it hands member sockets to {@link MemberHandshake}. The open-source
 * {@code DefaultNodeExtension} answers "no socket interceptor" (only Enterprise supplies one), while its TCP
 * server already calls whatever interceptor the extension returns on every accepted and opened member socket,
 * when {@code SocketInterceptorConfig} is enabled ({@code HazelcastConfigFactory} enables it).
 */
final class HandshakeNodeContext extends DefaultNodeContext {
  private final MemberSocketInterceptor interceptor;

  HandshakeNodeContext(MemberSocketInterceptor interceptor) {
    this.interceptor = interceptor;
  }

  @Override
  public NodeExtension createNodeExtension(Node node) {
    return new Extension(node, interceptor);
  }

  private static final class Extension extends DefaultNodeExtension {
    private final MemberSocketInterceptor interceptor;

    Extension(Node node, MemberSocketInterceptor interceptor) {
      super(node);
      this.interceptor = interceptor;
    }

    @Override
    public MemberSocketInterceptor getSocketInterceptor(EndpointQualifier endpoint) {
      return interceptor;
    }
  }
}
