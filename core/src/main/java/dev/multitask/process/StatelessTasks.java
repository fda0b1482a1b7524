package dev.multitask.process;

import dev.multitask.Task;
import dev.multitask.codec.BytesKey;
import dev.multitask.codec.Codec;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A pool worker's cache of decoded tasks that carry no state: a task whose class has no instance
 * fields (a lambda or method reference that captures nothing) behaves the same however many times
 * it is decoded, so the bytes of a task sent again map to the instance decoded the first time.
 * Saves the deserialization of a lambda (several microseconds) per repeated trivial task. Tasks
 * with state are decoded every time, as Python unpickles every task.
 */
final class StatelessTasks {
  private static final int LIMIT = 64;
  private static final Map<BytesKey, Task<?>> CACHE =
      new LinkedHashMap<>(LIMIT, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<BytesKey, Task<?>> eldest) {
          return size() > LIMIT;
        }
      };

  private StatelessTasks() {}

  /**
   * The task encoded in {@code body}: a cached instance if an equal stateless one was decoded
   * before.
   */
  static Task<?> decode(byte[] body) {
    BytesKey key = new BytesKey(body);
    synchronized (CACHE) {
      Task<?> cached = CACHE.get(key);
      if (cached != null) {
        return cached;
      }
    }
    Task<?> task = (Task<?>) Codec.decode(body);
    if (stateless(task.getClass())) {
      synchronized (CACHE) {
        CACHE.put(key, task);
      }
    }
    return task;
  }

  static boolean stateless(Class<?> type) {
    for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
      for (Field f : c.getDeclaredFields()) {
        if (!Modifier.isStatic(f.getModifiers())) {
          return false;
        }
      }
    }
    return true;
  }
}
