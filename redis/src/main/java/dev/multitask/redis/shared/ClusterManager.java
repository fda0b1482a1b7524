package dev.multitask.redis.shared;

import dev.multitask.Context;
import dev.multitask.engine.containers.ContextManager;
import dev.multitask.redis.client.Connections;
import dev.multitask.redis.client.Ids;
import dev.multitask.redis.client.Redis;
import dev.multitask.redis.client.RedisAddress;
import dev.multitask.redis.client.Scripts;
import dev.multitask.shared.SharedList;
import dev.multitask.shared.SharedMap;
import java.io.ObjectStreamException;
import java.io.Serial;
import java.io.Serializable;
import java.util.List;

/**
 * The {@link dev.multitask.shared.Manager} of the cluster: it has no process of its own, as the
 * process backend's has none; its containers are keys in Redis under the manager's key, listed in
 * the manager's set so that its {@link #close()} finds them all, those made in jobs included. Each
 * call on a container is one script that first checks the manager's closed flag, so that a closed
 * manager's containers fail at once on every host. A task that captures the manager gets this JVM's
 * object for it (a handle travels); {@code dict()} and {@code list()} work there too, and its
 * queues and locks only in the JVM that made it.
 *
 * <p>The containers live in Redis until the manager is closed (by {@link #close()} in the JVM that
 * made it, or when its context closes); a driver killed before that leaves them there.
 */
public final class ClusterManager extends ContextManager implements Serializable {
  @Serial private static final long serialVersionUID = 1L;

  /** How long a closed manager's flag is kept, so that late calls are told it closed. */
  private static final long CLOSED_TTL_SECONDS = 7 * 24 * 3600;

  private final transient RedisAddress server;
  private final transient String key;
  private final transient boolean owner;
  private transient volatile Redis redis;
  private transient volatile boolean closed;

  private ClusterManager(
      Context context, Redis redis, RedisAddress server, String key, boolean owner) {
    super(context);
    this.redis = redis;
    this.server = server;
    this.key = key;
    this.owner = owner;
  }

  /**
   * A new manager of {@code context}, at {@code key}.
   *
   * @param redis the client
   * @param key the manager's key
   * @param context the context whose queues and locks it hands out
   * @return the manager
   */
  public static ClusterManager create(Redis redis, String key, Context context) {
    RedisAddress server = redis.address().server();
    return Handles.canonical(key, () -> new ClusterManager(context, redis, server, key, true));
  }

  /** This JVM's object for the manager at {@code key} on {@code server}. */
  static ClusterManager attach(RedisAddress server, String key) {
    return Handles.canonical(key, () -> new ClusterManager(null, null, server, key, false));
  }

  static String closedKey(String manager) {
    return manager + ":closed";
  }

  private Redis redis() {
    Redis r = redis;
    if (r == null) {
      r = Connections.of(server);
      redis = r;
    }
    return r;
  }

  /** Lists a new container, or throws if the manager has closed. */
  private String register() {
    checkOpen();
    String container = key + ":c:" + Ids.next();
    List<Object> r =
        redis()
            .scripts()
            .multi(
                ContainerScripts.REGISTER, List.of(closedKey(key), key + ":containers"), container);
    if (Scripts.asLong(r.get(0)) == 0) {
      closed = true;
      checkOpen();
    }
    return container;
  }

  @Override
  public <K, V> SharedMap<K, V> dict() {
    return RedisSharedMap.create(redis(), server, register(), key);
  }

  @Override
  public <E> SharedList<E> list() {
    return RedisSharedList.create(redis(), server, register(), key);
  }

  @Override
  public boolean isClosed() {
    if (closed) {
      return true;
    }
    boolean gone = redis().call(c -> c.exists(closedKey(key))) > 0;
    if (gone) {
      closed = true;
    }
    return gone;
  }

  /**
   * Closes the manager, in the JVM that made it: its containers are deleted, and every later call
   * on them, in any JVM, throws {@link IllegalStateException}. Elsewhere, and a second time, it
   * does nothing.
   */
  @Override
  public void close() {
    if (!owner || closed) {
      return;
    }
    closed = true;
    redis()
        .scripts()
        .integer(
            ContainerScripts.CLOSE,
            List.of(closedKey(key), key + ":containers"),
            CLOSED_TTL_SECONDS);
  }

  @Override
  public String toString() {
    return "manager " + key + " on " + server;
  }

  @Serial
  private Object writeReplace() throws ObjectStreamException {
    return new Handles.Handle(Handles.MANAGER, server, key, key);
  }
}
