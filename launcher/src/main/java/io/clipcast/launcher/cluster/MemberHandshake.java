package io.clipcast.launcher.cluster;

import com.hazelcast.nio.MemberSocketInterceptor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Properties;

/**
 * Mutual proof of {@code cluster.secret} on every Hazelcast member connection, before a byte of Hazelcast's own
 * protocol: Hazelcast hands each accepted and each opened member socket to this interceptor (blocking) and
 * starts the connection only if it returns; when it throws, the socket is closed.
 *
 * <pre>
 * connector → acceptor: MAGIC, Nc                         (32 random bytes)
 * acceptor → connector: MAGIC, Ns, HMAC(secret, "accept"  | Nc | Ns)
 * connector → acceptor:            HMAC(secret, "connect" | Nc | Ns)
 * acceptor → connector: ACCEPTED
 * </pre>
 *
 * Fresh nonces from both sides make every proof single-use, the direction labels stop a proof being reflected
 * back, the secret never crosses the wire, and proofs are compared in constant time. A peer that is silent
 * for {@code cluster.handshakeTimeoutMs} is dropped, so a stalled socket cannot hold a Hazelcast thread.
 * After the handshake the member traffic itself is plaintext (Hazelcast encrypts it only in its Enterprise
 * edition); see docs/operations/cluster-security.md.
 */
public final class MemberHandshake implements MemberSocketInterceptor {
  private static final Logger log = LoggerFactory.getLogger(MemberHandshake.class);
  private static final byte[] MAGIC = "CCM1".getBytes(StandardCharsets.US_ASCII);
  private static final int NONCE_BYTES = 32;
  private static final int MAC_BYTES = 32;
  private static final int ACCEPTED = 0x5A;
  private static final byte[] ACCEPT_LABEL = "clipcast-member-accept".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] CONNECT_LABEL = "clipcast-member-connect".getBytes(StandardCharsets.US_ASCII);

  private final SecretKeySpec key;
  private final int timeoutMs;
  private final SecureRandom random = new SecureRandom();

  public MemberHandshake(String secret, int timeoutMs) {
    this.key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
    this.timeoutMs = timeoutMs;
  }

  @Override
  public void init(Properties properties) {
    // configured through the constructor
  }

  @Override
  public void onConnect(Socket socket) throws IOException {
    try {
      connect(socket);
    } catch (MemberRefusedException e) {
      // Hazelcast logs a refused accept as a warning, but a refused connect only at debug level while joining
      log.warn(e.getMessage());
      throw e;
    }
  }

  private void connect(Socket socket) throws IOException {
    run(socket, () -> {
      DataInputStream in = new DataInputStream(socket.getInputStream());
      OutputStream out = socket.getOutputStream();
      byte[] ours = nonce();
      out.write(concat(MAGIC, ours));
      out.flush();
      readMagic(in, socket);
      byte[] theirs = readFully(in, NONCE_BYTES);
      byte[] proof = readFully(in, MAC_BYTES);
      if (!MessageDigest.isEqual(proof, mac(ACCEPT_LABEL, ours, theirs))) {
        throw refused(socket, "it does not know cluster.secret (its proof did not match ours)");
      }
      out.write(mac(CONNECT_LABEL, ours, theirs));
      out.flush();
      if (in.read() != ACCEPTED) {
        throw refused(socket, "it refused our proof of cluster.secret; is the secret the same on every node?");
      }
    });
  }

  @Override
  public void onAccept(Socket socket) throws IOException {
    run(socket, () -> {
      DataInputStream in = new DataInputStream(socket.getInputStream());
      OutputStream out = socket.getOutputStream();
      readMagic(in, socket);
      byte[] theirs = readFully(in, NONCE_BYTES);
      byte[] ours = nonce();
      out.write(concat(MAGIC, ours, mac(ACCEPT_LABEL, theirs, ours)));
      out.flush();
      byte[] proof = readFully(in, MAC_BYTES);
      if (!MessageDigest.isEqual(proof, mac(CONNECT_LABEL, theirs, ours))) {
        throw refused(socket, "it does not know cluster.secret (its proof did not match ours)");
      }
      out.write(ACCEPTED);
      out.flush();
    });
  }

  private interface Exchange {
    void run() throws IOException;
  }

  private void run(Socket socket, Exchange exchange) throws IOException {
    int before = socket.getSoTimeout();
    socket.setSoTimeout(timeoutMs);
    try {
      exchange.run();
    } catch (SocketTimeoutException e) {
      throw refused(socket, "it did not complete the cluster.secret handshake within " + timeoutMs + " ms");
    } catch (EOFException e) {
      throw refused(socket, "it closed the connection during the cluster.secret handshake"
          + " (a node with another cluster.secret, or one without it)");
    }
    socket.setSoTimeout(before);
  }

  /** Byte by byte: a stock Hazelcast member sends 3 protocol bytes and waits, so the first wrong byte decides. */
  private static void readMagic(DataInputStream in, Socket socket) throws IOException {
    for (byte expected : MAGIC) {
      if (in.readByte() != expected) {
        throw refused(socket, "it does not speak the cluster.secret handshake (a Hazelcast member or client"
            + " started without cluster.secret?)");
      }
    }
  }

  private static byte[] readFully(DataInputStream in, int n) throws IOException {
    byte[] b = new byte[n];
    in.readFully(b);
    return b;
  }

  private byte[] nonce() {
    byte[] n = new byte[NONCE_BYTES];
    random.nextBytes(n);
    return n;
  }

  private byte[] mac(byte[] label, byte[] connectorNonce, byte[] acceptorNonce) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      return mac.doFinal(concat(label, connectorNonce, acceptorNonce));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
    }
  }

  private static byte[] concat(byte[]... parts) {
    int length = 0;
    for (byte[] p : parts) length += p.length;
    byte[] all = new byte[length];
    int at = 0;
    for (byte[] p : parts) {
      System.arraycopy(p, 0, all, at, p.length);
      at += p.length;
    }
    return all;
  }

  private static MemberRefusedException refused(Socket socket, String why) {
    return new MemberRefusedException("Cluster member connection with " + socket.getRemoteSocketAddress()
        + " refused: " + why);
  }

  /** A peer that failed the handshake; Hazelcast logs the message and closes the socket. */
  static final class MemberRefusedException extends IOException {
    MemberRefusedException(String message) {
      super(message);
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
      return this; // Hazelcast logs the exception; a stranger knocking on the port needs no stack trace
    }
  }
}
