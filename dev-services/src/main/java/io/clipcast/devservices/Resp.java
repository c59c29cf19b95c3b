package io.clipcast.devservices;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A few blocking Redis commands over one socket, for setting up test topologies (CLUSTER MEET, SENTINEL …) without
 * redis-cli, which the bundled binaries do not include. Replies: String, Long, List, or null.
 */
public final class Resp implements AutoCloseable {
  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;

  private Resp(Socket socket) throws IOException {
    this.socket = socket;
    this.in = new BufferedInputStream(socket.getInputStream());
    this.out = socket.getOutputStream();
  }

  public static Resp connect(int port) throws IOException {
    Socket s = new Socket();
    s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
    s.setSoTimeout(10_000);
    return new Resp(s);
  }

  /** One command on a fresh connection. */
  public static Object once(int port, String... args) throws IOException {
    try (Resp r = connect(port)) {
      return r.call(args);
    }
  }

  public Object call(String... args) throws IOException {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    buf.write(("*" + args.length + "\r\n").getBytes(StandardCharsets.UTF_8));
    for (String a : args) {
      byte[] b = a.getBytes(StandardCharsets.UTF_8);
      buf.write(("$" + b.length + "\r\n").getBytes(StandardCharsets.UTF_8));
      buf.write(b);
      buf.write("\r\n".getBytes(StandardCharsets.UTF_8));
    }
    out.write(buf.toByteArray());
    out.flush();
    return read();
  }

  private Object read() throws IOException {
    int type = in.read();
    String line = line();
    switch (type) {
      case '+':
        return line;
      case '-':
        throw new IOException("Redis error: " + line);
      case ':':
        return Long.parseLong(line);
      case '$': {
        int n = Integer.parseInt(line);
        if (n < 0) return null;
        byte[] b = in.readNBytes(n + 2);
        return new String(b, 0, n, StandardCharsets.UTF_8);
      }
      case '*': {
        int n = Integer.parseInt(line);
        if (n < 0) return null;
        List<Object> list = new ArrayList<>(n);
        for (int i = 0; i < n; i++) list.add(read());
        return list;
      }
      default:
        throw new IOException("unexpected RESP type " + (char) type);
    }
  }

  private String line() throws IOException {
    StringBuilder sb = new StringBuilder();
    int c;
    while ((c = in.read()) != '\r') {
      if (c < 0) throw new IOException("connection closed");
      sb.append((char) c);
    }
    in.read(); // '\n'
    return sb.toString();
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
