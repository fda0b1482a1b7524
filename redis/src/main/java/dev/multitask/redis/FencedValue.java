package dev.multitask.redis;

import dev.multitask.codec.Codec;
import dev.multitask.redis.client.Connections;
import dev.multitask.redis.client.Lua;
import dev.multitask.redis.client.Redis;
import dev.multitask.redis.client.RedisAddress;
import dev.multitask.redis.sync.RedisLock;
import java.io.Serial;
import java.io.Serializable;
import java.util.List;

/**
 * A value in Redis guarded by a {@link FencedLock}: a write carries the writer's fencing token and
 * is refused when a greater token has written already. A holder whose lease ran out while it was
 * paused so cannot overwrite what the next holder wrote, even if it wakes up believing it still
 * holds the lock (Kleppmann's fencing tokens).
 *
 * <p>Serializable as a handle, like the lock. Thread-safe.
 *
 * @param <T> the value type; values go through the cluster's codec
 */
public final class FencedValue<T> implements Serializable {
  @Serial private static final long serialVersionUID = 1L;

  private final RedisAddress server;
  private final String key;

  @SuppressWarnings("serial") // always a RedisLock, which is serializable (checked in of())
  private final FencedLock lock;

  private transient volatile Redis redis;

  private FencedValue(Redis redis, String key, FencedLock lock) {
    this.server = redis.address().server();
    this.key = key;
    this.lock = lock;
    this.redis = redis;
  }

  private Redis redis() {
    Redis r = redis;
    if (r == null) {
      r = Connections.of(server);
      redis = r;
    }
    return r;
  }

  /**
   * The value called {@code name} guarded by {@code lock}.
   *
   * @param lock a lock of a cluster context
   * @param name the value's name, unique among the lock's values
   * @param <T> the value type
   * @return the value's handle
   * @throws IllegalArgumentException if the lock is not a cluster lock
   */
  public static <T> FencedValue<T> of(FencedLock lock, String name) {
    if (!(lock instanceof RedisLock r)) {
      throw new IllegalArgumentException(
          "a fenced value needs a lock of a cluster context: lock=" + lock);
    }
    if (name == null || name.isEmpty()) {
      throw new IllegalArgumentException("name must be non-empty: name=" + name);
    }
    return new FencedValue<>(r.redisClient(), r.key() + ":fenced:" + name, lock);
  }

  /**
   * Writes {@code value} with the calling thread's fencing token.
   *
   * @param value the value, not null
   * @return true if written; false if a greater token wrote already (the caller's hold is stale)
   * @throws IllegalMonitorStateException if the calling thread does not hold the lock (as far as
   *     this JVM knows)
   */
  public boolean write(T value) {
    if (value == null) {
      throw new NullPointerException("value: a fenced value holds no null");
    }
    return write(lock.fencingToken(), value);
  }

  /**
   * Writes {@code value} with {@code token}, a token the writer got when it took the lock (a
   * resource server checks the token its client sends, not the client's belief that it holds the
   * lock).
   *
   * @param token the writer's fencing token
   * @param value the value, not null
   * @return true if written; false if a greater token wrote already
   */
  public boolean write(long token, T value) {
    if (value == null) {
      throw new NullPointerException("value: a fenced value holds no null");
    }
    return redis()
            .scripts()
            .integer(Lua.FENCED_WRITE, List.of(key + ":high", key), token, Codec.encode(value))
        == 1;
  }

  /**
   * The value last written, or null if none was.
   *
   * @return the value
   */
  @SuppressWarnings("unchecked")
  public T read() {
    byte[] v = redis().call(c -> c.get(key));
    return v == null ? null : (T) Codec.decode(v);
  }

  /**
   * The greatest token that wrote.
   *
   * @return the token, 0 if none wrote
   */
  public long highestToken() {
    byte[] v = redis().call(c -> c.get(key + ":high"));
    return v == null ? 0 : Long.parseLong(new String(v, java.nio.charset.StandardCharsets.UTF_8));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FencedValue<?> v && v.key.equals(key) && v.server.equals(server);
  }

  @Override
  public int hashCode() {
    return key.hashCode();
  }

  @Override
  public String toString() {
    return "FencedValue[" + key + " on " + server + "]";
  }
}
