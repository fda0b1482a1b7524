package dev.multitask.redis.client;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * This JVM's clients, one per Redis server, shared by every cluster object that lives on that
 * server. A handle that arrives in another JVM names the server without its password ({@link
 * RedisAddress#server()}); the password comes from the client this JVM opened with one, or from the
 * environment variable {@value #ENV} that a worker sets for its child JVMs.
 *
 * <p>A client made by {@link #open} counts its users: each {@link #release} takes one away, and the
 * last one closes the client, its sockets and its Netty threads (a cluster context opens one and
 * releases it when it closes). A client made by {@link #of} for a handle that arrived in this JVM
 * with no client open (a worker's child JVM) stays open until the JVM exits or {@link #closeAll()}:
 * handles do not say when they are done. A handle that arrived while a context's client was open
 * uses that client, and fails once the context is closed, as the context's own objects do.
 */
public final class Connections {
  /** The environment variable with the full URL of the worker's server, password included. */
  public static final String ENV = "MULTITASK_REDIS_URL";

  private static final ConcurrentHashMap<RedisAddress, Redis> CLIENTS = new ConcurrentHashMap<>();

  /** The users of each client made by {@link #open}; guarded by {@code USERS}. */
  private static final Map<RedisAddress, Integer> USERS = new HashMap<>();

  /** The servers whose client {@link #of} made, never closed by a release; guarded by USERS. */
  private static final Set<RedisAddress> PINNED = new HashSet<>();

  private Connections() {}

  /**
   * The client for {@code address}'s server, made on first use with {@code address}'s password,
   * with one more user: the caller {@link #release}s it when done.
   *
   * @param address the server, with its password if it needs one
   * @return the shared client
   * @throws IllegalStateException if a new client cannot connect
   */
  public static Redis open(RedisAddress address) {
    synchronized (USERS) {
      Redis r = open(address, Redis.CONNECT_PATIENCE);
      USERS.merge(address.server(), 1, Integer::sum);
      return r;
    }
  }

  /**
   * Gives back one use of the client {@link #open} returned for {@code address}; the last closes
   * it, unless it was made for a handle ({@link #of}). Releasing more often than opening does
   * nothing.
   *
   * @param address the server
   */
  public static void release(RedisAddress address) {
    Redis closing = null;
    synchronized (USERS) {
      RedisAddress server = address.server();
      Integer users = USERS.get(server);
      if (users == null) {
        return;
      }
      if (users > 1) {
        USERS.put(server, users - 1);
        return;
      }
      USERS.remove(server);
      if (PINNED.contains(server)) {
        return;
      }
      closing = CLIENTS.remove(server);
    }
    if (closing != null) {
      closing.close(); // outside the lock: it waits for Netty's threads to end
    }
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
    if (open != null) {
      return open;
    }
    synchronized (USERS) {
      open = CLIENTS.get(server.server());
      if (open != null) {
        return open; // a context opened it meanwhile
      }
      Redis r = open(server, Redis.PATIENCE); // it exists: wait out a restart
      // made for handles, which never say they are done: no release closes it
      PINNED.add(server.server());
      return r;
    }
  }

  /**
   * The system properties that say how a JVM trusts a TLS server ({@link RedisAddress#uri()}): the
   * JDK's trust store and multitask's switch that turns the check off.
   */
  private static final List<String> TLS_PROPERTIES =
      List.of(
          "javax.net.ssl.trustStore",
          "javax.net.ssl.trustStoreType",
          "javax.net.ssl.trustStorePassword",
          "javax.net.ssl.trustStoreProvider",
          "multitask.redis.insecureTls");

  /**
   * The JVM flags that give a child JVM the trust this JVM has in {@code address}'s TLS server: a
   * {@code -Dname=value} for each of the trust store's system properties (and {@code
   * multitask.redis.insecureTls}) set here. A worker passes them to the JVMs that run its tasks,
   * which reach the server through the handles they are given. Like the worker's own command line,
   * the children's shows the trust store's password, which guards only the file's integrity.
   *
   * @param address the server
   * @return the flags; empty for a {@code redis://} server or when none of them is set
   */
  public static List<String> childJvmFlags(RedisAddress address) {
    List<String> flags = new ArrayList<>();
    if (address.tls()) {
      for (String name : TLS_PROPERTIES) {
        String value = System.getProperty(name);
        if (value != null) {
          flags.add("-D" + name + "=" + value);
        }
      }
    }
    return flags;
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
    synchronized (USERS) {
      USERS.clear();
      PINNED.clear();
    }
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
    synchronized (USERS) {
      USERS.remove(server.server());
      PINNED.remove(server.server());
    }
    Redis r = CLIENTS.remove(server.server());
    if (r != null) {
      r.close();
    }
  }
}
