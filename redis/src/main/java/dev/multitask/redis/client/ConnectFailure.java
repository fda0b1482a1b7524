package dev.multitask.redis.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateException;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;

/**
 * Why a client's first connection failed, said so that a user can fix it: whether trying again can
 * help, and the message of the {@link IllegalStateException} the caller throws. A refused password
 * and a refused TLS certificate fail at once; anything else (no server yet, a reset, a handshake
 * timeout) may pass, and is retried for the connection's patience first.
 *
 * <p>The messages name the server by {@link RedisAddress#toString()}, which leaves the password
 * out. Stateless; used by {@link Redis} only.
 */
final class ConnectFailure {
  private ConnectFailure() {}

  /**
   * Whether {@code failure} will happen again however often the client tries: the server refused
   * the login, or this JVM refused the server's certificate.
   *
   * @param failure what the connection attempt threw
   * @return true if retrying cannot help
   */
  static boolean isFinal(Throwable failure) {
    String root = String.valueOf(root(failure).getMessage());
    return root.startsWith("WRONGPASS")
        || root.startsWith("NOAUTH")
        || cause(failure, CertificateException.class) != null;
  }

  /**
   * Whether the server at a plain ({@code redis://}) {@code address}, whose connection failed with
   * {@code failure} after the port accepted it, speaks TLS there: a retry would fail the same way.
   * It asks with a TLS client hello of its own and looks at the first bytes of the answer: a TLS
   * record (a handshake or an alert) starts with 0x16 or 0x15 and then 0x03; a Redis server without
   * TLS answers with an error line or closes. Costs a second connection, on the failure path only.
   *
   * @param address the server, named by a plain URL
   * @param failure what the connection attempt threw
   * @return true if the port answers a TLS client hello in TLS
   */
  static boolean speaksTls(RedisAddress address, Throwable failure) {
    if (address.tls() || !accepted(failure)) {
      return false; // nothing listens there (yet): no one to ask
    }
    int timeoutMillis = 2_000;
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(address.host(), address.port()), timeoutMillis);
      socket.setSoTimeout(timeoutMillis);
      SSLEngine engine = SSLContext.getDefault().createSSLEngine(address.host(), address.port());
      engine.setUseClientMode(true);
      ByteBuffer hello = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
      engine.beginHandshake();
      engine.wrap(ByteBuffer.allocate(0), hello);
      OutputStream out = socket.getOutputStream();
      out.write(hello.array(), 0, hello.position());
      out.flush();
      InputStream in = socket.getInputStream();
      byte[] head = in.readNBytes(2);
      return head.length == 2 && (head[0] == 0x16 || head[0] == 0x15) && head[1] == 0x03;
    } catch (IOException | GeneralSecurityException | RuntimeException e) {
      return false; // no answer, or none in TLS: the usual retries and message
    }
  }

  /** Whether the port accepted the connection that failed with {@code failure}. */
  static boolean accepted(Throwable failure) {
    return cause(failure, ConnectException.class) == null;
  }

  /**
   * The message for a connection to {@code address} that failed with {@code failure}.
   *
   * @param address the server
   * @param failure what the last attempt threw
   * @param tlsPort whether the port of the plain URL speaks TLS ({@link #speaksTls})
   * @return a message naming the server, the cause and what to do
   */
  static String message(RedisAddress address, Throwable failure, boolean tlsPort) {
    String start = "cannot connect to " + address + ": ";
    CertificateException refused = cause(failure, CertificateException.class);
    if (refused != null) {
      return start
          + "this JVM does not trust the server's TLS certificate ("
          + refused.getMessage()
          + "). The certificate must name the URL's host and be signed by an authority the JVM"
          + " trusts: start the JVM with -Djavax.net.ssl.trustStore=FILE"
          + " -Djavax.net.ssl.trustStorePassword=PASSWORD, a trust store (PKCS12) that holds"
          + " that authority's certificate; -Dmultitask.redis.insecureTls=true skips the check,"
          + " for testing only";
    }
    if (tlsPort) {
      return start
          + "the server speaks TLS on that port: use rediss:// ("
          + new RedisAddress(
              true,
              address.host(),
              address.port(),
              address.database(),
              address.user(),
              address.password())
          + ")";
    }
    String root = String.valueOf(root(failure).getMessage());
    if (root.startsWith("WRONGPASS")) {
      return start
          + "the server refused the password ("
          + root
          + "): give the right one in the URL, "
          + scheme(address)
          + "[user]:PASSWORD@host:port";
    }
    if (root.startsWith("NOAUTH")) {
      // the server's text speaks of HELLO, a command the user never sent
      return start
          + "the server requires a password: give it in the URL, "
          + scheme(address)
          + ":PASSWORD@host:port";
    }
    return start
        + failure.getMessage()
        + (root(failure) == failure ? "" : " (" + root(failure) + ")")
        + (address.tls()
            ? " (is the server running there, and does it speak TLS on that port? use redis://"
                + " for a server without TLS)"
            : " (is the server running there, and does it speak plain TCP on that port? use"
                + " rediss:// for a server that speaks only TLS)");
  }

  private static String scheme(RedisAddress address) {
    return address.tls() ? "rediss://" : "redis://";
  }

  private static Throwable root(Throwable t) {
    Throwable root = t;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root;
  }

  /** The outermost cause of {@code t} (or {@code t}) of type {@code type}, or null. */
  private static <T extends Throwable> T cause(Throwable t, Class<T> type) {
    for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
      if (type.isInstance(c)) {
        return type.cast(c);
      }
    }
    return null;
  }
}
