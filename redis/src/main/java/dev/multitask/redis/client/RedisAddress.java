package dev.multitask.redis.client;

import io.lettuce.core.RedisURI;
import java.io.Serial;
import java.io.Serializable;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Objects;

/**
 * Where a cluster's Redis server is, and how to log in: parsed from {@code redis://} or {@code
 * rediss://} (TLS) URLs, {@code [user[:password]@]host[:port][/db]}.
 *
 * <p>{@link #toString()} leaves the password out, and handles store {@link #server()}: a handle to
 * a cluster object that travels to a worker names the server, and the worker logs in with the
 * password it was started with ({@link Connections}).
 *
 * @param tls whether the scheme is {@code rediss}
 * @param host the host
 * @param port the port (6379 when the URL has none)
 * @param database the database number (0 when the URL has none)
 * @param user the user name, or null
 * @param password the password, or null; never serialized
 */
public record RedisAddress(
    boolean tls, String host, int port, int database, String user, String password)
    implements Serializable {
  @Serial private static final long serialVersionUID = 1L;

  /** Checks the fields. */
  public RedisAddress {
    Objects.requireNonNull(host, "host");
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("port must be 1..65535: port=" + port);
    }
    if (database < 0) {
      throw new IllegalArgumentException("database must be >= 0: database=" + database);
    }
  }

  /**
   * Parses a cluster URL.
   *
   * @param url {@code redis://[user[:password]@]host[:port][/db]} or the same with {@code rediss}
   * @return the address
   * @throws IllegalArgumentException naming the URL and what is wrong with it
   */
  public static RedisAddress parse(String url) {
    Objects.requireNonNull(url, "url: pass redis://host:port");
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      // neither the text nor the exception (whose message holds it) goes along: it may hold a
      // password
      throw new IllegalArgumentException(
          "not a URL: "
              + e.getReason()
              + " at index "
              + e.getIndex()
              + "; expected redis://[:password@]host:port[/db]");
    }
    return of(uri);
  }

  /**
   * The address in {@code uri}.
   *
   * @param uri a {@code redis} or {@code rediss} URI
   * @return the address
   * @throws IllegalArgumentException naming the URL and what is wrong with it
   */
  public static RedisAddress of(URI uri) {
    String scheme = uri.getScheme();
    if (!"redis".equals(scheme) && !"rediss".equals(scheme)) {
      throw new IllegalArgumentException("the scheme must be redis or rediss (TLS): " + safe(uri));
    }
    String host = uri.getHost();
    if (host == null || host.isEmpty()) {
      throw new IllegalArgumentException(
          "the URL names no host: " + safe(uri) + "; expected redis://host:port");
    }
    int port = uri.getPort() == -1 ? 6379 : uri.getPort();
    int db = 0;
    String path = uri.getPath();
    if (path != null && path.length() > 1) {
      try {
        db = Integer.parseInt(path.substring(1));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("the path must be a database number: " + safe(uri), e);
      }
    }
    String user = null;
    String password = null;
    String info = uri.getRawUserInfo();
    if (info != null && !info.isEmpty()) {
      int colon = info.indexOf(':');
      String rawUser = colon < 0 ? info : info.substring(0, colon);
      user = rawUser.isEmpty() ? null : decode(rawUser);
      password = colon < 0 ? null : decode(info.substring(colon + 1));
      if (colon < 0) { // redis://secret@host is the password alone, as redis-cli reads it
        password = user;
        user = null;
      }
    }
    return new RedisAddress("rediss".equals(scheme), host, port, db, user, password);
  }

  private static String decode(String s) {
    return java.net.URLDecoder.decode(s, java.nio.charset.StandardCharsets.UTF_8);
  }

  private static String safe(URI uri) {
    return uri.getUserInfo() == null
        ? uri.toString()
        : uri.toString().replace(uri.getRawUserInfo() + "@", "***@");
  }

  /** The same server, with {@code password} (and this address's user). */
  public RedisAddress withPassword(String password) {
    return new RedisAddress(tls, host, port, database, user, password);
  }

  /** The same address without user and password: what identifies the server. */
  public RedisAddress server() {
    return new RedisAddress(tls, host, port, database, null, null);
  }

  /** The full URL, password included: for a worker's child JVMs, never for logs. */
  public String secretUrl() {
    StringBuilder b = new StringBuilder(tls ? "rediss://" : "redis://");
    if (password != null) {
      b.append(user == null ? "" : enc(user)).append(':').append(enc(password)).append('@');
    }
    return b.append(host).append(':').append(port).append('/').append(database).toString();
  }

  private static String enc(String s) {
    return java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8);
  }

  RedisURI uri() {
    RedisURI.Builder b =
        RedisURI.builder()
            .withHost(host)
            .withPort(port)
            .withDatabase(database)
            .withSsl(tls)
            .withTimeout(Duration.ofSeconds(30));
    if (password != null) {
      if (user != null) {
        b.withAuthentication(user, password);
      } else {
        b.withPassword(password.toCharArray());
      }
    }
    if (tls) {
      // a local or test server has a self-made certificate; a real deployment sets a trust store
      // with the JVM's javax.net.ssl.trustStore, which Lettuce honours when verification is on
      b.withVerifyPeer(!Boolean.getBoolean("multitask.redis.insecureTls"));
    }
    return b.build();
  }

  @Override
  public String toString() {
    return (tls ? "rediss://" : "redis://")
        + (password == null ? "" : "***@")
        + host
        + ":"
        + port
        + (database == 0 ? "" : "/" + database);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RedisAddress a
        && tls == a.tls
        && port == a.port
        && database == a.database
        && host.equals(a.host);
  }

  @Override
  public int hashCode() {
    return Objects.hash(tls, host, port, database);
  }
}
