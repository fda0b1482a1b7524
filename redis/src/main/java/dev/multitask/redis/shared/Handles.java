package dev.multitask.redis.shared;

import dev.multitask.redis.client.RedisAddress;
import java.io.ObjectStreamException;
import java.io.Serial;
import java.io.Serializable;
import java.lang.ref.WeakReference;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * This JVM's one object per manager and container: what a handle that arrives (in a job, or read
 * out of another container) resolves to, so that the same container read twice is the same object.
 * Entries are weak: an object nobody holds is made again from its handle when it comes back.
 */
final class Handles {
  private static final ConcurrentHashMap<String, WeakReference<Object>> OBJECTS =
      new ConcurrentHashMap<>();

  private Handles() {}

  /** The kinds of handle. */
  static final byte MANAGER = 1;

  static final byte MAP = 2;
  static final byte LIST = 3;

  /**
   * This JVM's object for {@code key}: the one it has, or {@code make}'s, remembered.
   *
   * @param key the object's key in Redis
   * @param make makes the object when this JVM has none
   * @param <T> its type
   * @return the object
   */
  @SuppressWarnings("unchecked")
  static <T> T canonical(String key, Supplier<T> make) {
    while (true) {
      WeakReference<Object> ref = OBJECTS.get(key);
      Object existing = ref == null ? null : ref.get();
      if (existing != null) {
        return (T) existing;
      }
      T made = make.get();
      WeakReference<Object> mine = new WeakReference<>(made);
      if (ref == null ? OBJECTS.putIfAbsent(key, mine) == null : OBJECTS.replace(key, ref, mine)) {
        return made;
      }
    }
  }

  /**
   * What a manager or container serializes as: its kind, server and key; read back as this JVM's
   * object for it.
   *
   * @param kind {@link #MANAGER}, {@link #MAP} or {@link #LIST}
   * @param server the server, without password
   * @param key the object's key
   * @param manager for a container, its manager's key
   */
  record Handle(byte kind, RedisAddress server, String key, String manager)
      implements Serializable {
    @Serial private static final long serialVersionUID = 1L;

    @Serial
    private Object readResolve() throws ObjectStreamException {
      return switch (kind) {
        case MANAGER -> ClusterManager.attach(server, key);
        case MAP -> RedisSharedMap.attach(server, key, manager);
        case LIST -> RedisSharedList.attach(server, key, manager);
        default -> throw new java.io.InvalidObjectException("unknown handle kind " + kind);
      };
    }
  }
}
