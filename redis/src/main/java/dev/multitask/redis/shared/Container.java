package dev.multitask.redis.shared;

import dev.multitask.codec.Codec;
import dev.multitask.redis.client.Connections;
import dev.multitask.redis.client.Redis;
import dev.multitask.redis.client.RedisAddress;
import dev.multitask.redis.client.Scripts;
import dev.multitask.redis.client.Scripts.Script;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * What a map and a list share: where they live, the call of one script that first checks that the
 * manager is open, the encoding of keys and values, and the guard against a function (of {@code
 * compute}, {@code update} and the like) that calls back into its own container.
 */
final class Container {
  /** The containers whose function runs in this thread now. */
  private static final ThreadLocal<Set<String>> IN_FUNCTION = ThreadLocal.withInitial(HashSet::new);

  final RedisAddress server;
  final String key;
  final String manager;
  private volatile Redis redis;

  Container(Redis redis, RedisAddress server, String key, String manager) {
    this.server = server;
    this.key = key;
    this.manager = manager;
    this.redis = redis;
  }

  Redis redis() {
    Redis r = redis;
    if (r == null) {
      r = Connections.of(server);
      redis = r;
    }
    return r;
  }

  /** The key of the manager's closed flag: every script's first key. */
  String closedKey() {
    return ClusterManager.closedKey(manager);
  }

  /**
   * Runs {@code script} with the closed flag as KEYS[1] and {@code keys} after it.
   *
   * @return the reply after its status (1 open; 0 closed, which throws)
   */
  List<Object> run(Script script, List<String> keys, Object... args) {
    checkNotInFunction();
    String[] all = new String[keys.size() + 1];
    all[0] = closedKey();
    for (int i = 0; i < keys.size(); i++) {
      all[i + 1] = keys.get(i);
    }
    List<Object> reply = redis().scripts().multi(script, List.of(all), args);
    if (Scripts.asLong(reply.get(0)) == 0) {
      throw closed();
    }
    return reply.subList(1, reply.size());
  }

  IllegalStateException closed() {
    return new IllegalStateException(
        "the manager "
            + manager
            + " of this container is closed: its containers are gone; make a new manager with"
            + " ctx.manager()");
  }

  /** Throws if a function given to this container runs in this thread (it called back). */
  void checkNotInFunction() {
    if (IN_FUNCTION.get().contains(key)) {
      throw new IllegalStateException(
          "recursive use of a shared container: a function given to compute, update or the like"
              + " called back into the same container; compute what you need before the call");
    }
  }

  /** Runs a user's function, during which this container refuses calls from this thread. */
  <T> T inFunction(Supplier<T> function) {
    checkNotInFunction();
    Set<String> running = IN_FUNCTION.get();
    running.add(key);
    try {
      return function.get();
    } finally {
      running.remove(key);
    }
  }

  static byte[] encode(Object value) {
    return Codec.encode(value);
  }

  @SuppressWarnings("unchecked")
  static <T> T decode(Object bytes) {
    return bytes == null ? null : (T) Codec.decode((byte[]) bytes);
  }
}
