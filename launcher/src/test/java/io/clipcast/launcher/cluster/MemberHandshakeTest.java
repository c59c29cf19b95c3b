package io.clipcast.launcher.cluster;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The cluster.secret handshake over real loopback sockets, both ends as Hazelcast runs them (blocking, one thread each). */
class MemberHandshakeTest {
  private static final String SECRET = "0123456789abcdef0123456789abcdef";
  private final ServerSocket server;

  MemberHandshakeTest() throws IOException {
    server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
  }

  @AfterEach
  void close() throws IOException {
    server.close();
  }

  /** Runs the acceptor side on its own thread; completes with null on success or the exception it threw. */
  private CompletableFuture<Throwable> accept(MemberHandshake acceptor) {
    return CompletableFuture.supplyAsync(() -> {
      try (Socket s = server.accept()) {
        acceptor.onAccept(s);
        s.getOutputStream().write("after".getBytes(StandardCharsets.US_ASCII)); // the member protocol would follow
        return null;
      } catch (Throwable e) {
        return e;
      }
    });
  }

  private Socket dial() throws IOException {
    return new Socket(server.getInetAddress(), server.getLocalPort());
  }

  @Test
  void membersWithTheSameSecretAcceptEachOtherAndTheConnectionCarriesOn() throws Exception {
    CompletableFuture<Throwable> accepted = accept(new MemberHandshake(SECRET, 2000));
    try (Socket s = dial()) {
      new MemberHandshake(SECRET, 2000).onConnect(s);
      assertEquals(0, s.getSoTimeout(), "the socket's timeout is restored for Hazelcast");
      assertEquals("after", new String(s.getInputStream().readNBytes(5), StandardCharsets.US_ASCII),
          "the stream continues right after the handshake, nothing left unread");
    }
    assertEquals(null, accepted.get(5, TimeUnit.SECONDS));
  }

  @Test
  void aDifferentSecretIsRefusedByBothEnds() throws Exception {
    CompletableFuture<Throwable> accepted = accept(new MemberHandshake(SECRET, 2000));
    try (Socket s = dial()) {
      IOException e = assertThrows(IOException.class, () -> new MemberHandshake(SECRET.replace('0', 'x'), 2000).onConnect(s));
      assertTrue(e.getMessage().contains("does not know cluster.secret"), e.getMessage());
    }
    Throwable acceptorSide = accepted.get(5, TimeUnit.SECONDS);
    assertInstanceOf(IOException.class, acceptorSide);
    assertTrue(acceptorSide.getMessage().contains("refused"), acceptorSide.getMessage());
  }

  @Test
  void aStockHazelcastMemberIsRefusedAtItsFirstByte() throws Exception {
    CompletableFuture<Throwable> accepted = accept(new MemberHandshake(SECRET, 60_000));
    try (Socket s = dial()) {
      s.getOutputStream().write("HZC".getBytes(StandardCharsets.US_ASCII)); // Hazelcast's member protocol header, then it waits
      Throwable e = accepted.get(5, TimeUnit.SECONDS);
      assertTrue(e.getMessage().contains("does not speak the cluster.secret handshake"), e.getMessage());
    }
  }

  @Test
  void aSilentPeerIsDroppedAfterTheTimeout() throws Exception {
    CompletableFuture<Throwable> accepted = accept(new MemberHandshake(SECRET, 300));
    try (Socket s = dial()) {
      Throwable e = accepted.get(5, TimeUnit.SECONDS);
      assertTrue(e.getMessage().contains("within 300 ms"), e.getMessage());
    }
  }

  @Test
  void anAcceptorThatKnowsNoSecretCannotFakeItsProof() throws Exception {
    // a peer that echoes our own nonce back as its nonce and sends random bytes as a proof
    CompletableFuture<Void> fake = CompletableFuture.runAsync(() -> {
      try (Socket s = server.accept()) {
        InputStream in = s.getInputStream();
        byte[] hello = in.readNBytes(36);
        byte[] reply = new byte[68];
        System.arraycopy(hello, 0, reply, 0, 36);
        s.getOutputStream().write(reply);
        in.read();
      } catch (IOException ignored) {
        // the connector hangs up
      }
    });
    try (Socket s = dial()) {
      IOException e = assertThrows(IOException.class, () -> new MemberHandshake(SECRET, 2000).onConnect(s));
      assertTrue(e.getMessage().contains("does not know cluster.secret"), e.getMessage());
    }
    fake.get(5, TimeUnit.SECONDS);
  }

  @Test
  void aRefusalCarriesNoStackTrace() throws Exception {
    CompletableFuture<Throwable> accepted = accept(new MemberHandshake(SECRET, 2000));
    try (Socket s = dial()) {
      s.getOutputStream().write(new byte[] {'X'});
      assertEquals(0, accepted.get(5, TimeUnit.SECONDS).getStackTrace().length);
    }
  }
}
