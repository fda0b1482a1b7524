package dev.multitask.redis.client;

import java.util.concurrent.ConcurrentHashMap;

/**
 * This JVM's clients, one per Redis server, shared by every cluster object that lives on that
 * server. A handle that arrives in another JVM names the server without its password ({@link
 * RedisAddress#server()}); the password comes from the client this JVM opened with one, or from the
 * environment variable {@value #ENV} that a worker sets for its child JVMs.
 *
 * <p>Clients stay open until the JVM exits (they hold only sockets and Netty's threads, which are
 * daemons) or {@link #closeAll()}.
 */
public final class Connections {
  /** The environment variable with the full URL of the worker's server, password included. */
  public static final String ENV = "MULTITASK_REDIS_URL";

  private static final ConcurrentHashMap<RedisAddress, Redis> CLIENTS = new ConcurrentHashMap<>();

  private Connections() {}

  /**
   * The client for {@code address}'s server, made on first use with {@code address}'s password.
   *
   * @param address the server, with its password if it needs one
   * @return the shared client
   */
  public static Redis open(RedisAddress address) {
    return open(address, Redis.CONNECT_PATIENCE);
  }

  private static Redis open(RedisAddress address, java.time.Duration patience) {
    return CLIENTS.computeIfAbsent(address.server(), s -> new Redis(withSecret(address), patience));
  }

  /**
   * The client for a server named by a handle: the one already open, or a new one that logs in with
   * the password of {@value #ENV} when that names the same server.
   *
   * @param server the server, without password
   * @return the shared client
   */
  public static Redis of(RedisAddress server) {
    Redis open = CLIENTS.get(server);
    return open != null ? open : open(server, Redis.PATIENCE); // it exists: wait out a restart
  }

  private static RedisAddress withSecret(RedisAddress address) {
    if (address.password() != null) {
      return address;
    }
    String env = System.getenv(ENV);
    if (env != null && !env.isEmpty()) {
      RedisAddress fromEnv = RedisAddress.parse(env);
      if (fromEnv.equals(address)) {
        return fromEnv;
      }
    }
    return address;
  }

  /** Closes every client (tests, and a worker's shutdown). */
  public static void closeAll() {
    for (var it = CLIENTS.values().iterator(); it.hasNext(); ) {
      Redis r = it.next();
      it.remove();
      r.close();
    }
  }

  /**
   * Closes and forgets the client of {@code server}, if open.
   *
   * @param server the server
   */
  public static void close(RedisAddress server) {
    Redis r = CLIENTS.remove(server.server());
    if (r != null) {
      r.close();
    }
  }
}
