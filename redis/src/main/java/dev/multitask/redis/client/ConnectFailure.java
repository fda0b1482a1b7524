package dev.multitask.redis.client;

import java.security.cert.CertificateException;

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
   * The message for a connection to {@code address} that failed with {@code failure}.
   *
   * @param address the server
   * @param failure what the last attempt threw
   * @return a message naming the server, the cause and what to do
   */
  static String message(RedisAddress address, Throwable failure) {
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
