package dev.multitask.local;

import dev.multitask.engine.containers.AbstractSharedMap;
import java.util.AbstractMap.SimpleImmutableEntry;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The {@link dev.multitask.shared.SharedMap} of the thread and coroutine backends: a {@link
 * LinkedHashMap} (insertion order, as Python's dict) behind one {@link ReentrantLock}, so every
 * operation, the functions of {@code compute} and {@code merge} included, is atomic. Values are
 * held by reference: a container stored here is the same object for every thread.
 *
 * <p>A function given to {@code compute} and the like that calls back into this map throws {@link
 * IllegalStateException} (the map is left as it was), as in the process backend. After the manager
 * closes, every call throws {@link IllegalStateException}.
 */
final class LocalSharedMap<K, V> extends AbstractSharedMap<K, V> {
  private final LocalManager manager;
  private final ReentrantLock lock = new ReentrantLock();
  private final LinkedHashMap<K, V> map = new LinkedHashMap<>();

  LocalSharedMap(LocalManager manager) {
    this.manager = manager;
  }

  private void lock() {
    if (lock.isHeldByCurrentThread()) {
      throw new IllegalStateException(
          "recursive use of a shared map: a function given to compute, merge or the"
              + " like called back into the same map; compute what you need before the call");
    }
    lock.lock();
    if (manager.isClosed()) {
      lock.unlock();
      manager.checkOpenOrThrow();
    }
  }

  private <T> T locked(Supplier<T> op) {
    lock();
    try {
      return op.get();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public V get(Object key) {
    Objects.requireNonNull(key, "key");
    lock();
    try {
      return map.get(key);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public V put(K key, V value) {
    checkNotNull(key, "keys");
    checkNotNull(value, "values");
    lock();
    try {
      return map.put(key, value);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public boolean containsKey(Object key) {
    Objects.requireNonNull(key, "key");
    return locked(() -> map.containsKey(key));
  }

  @Override
  public boolean containsValue(Object value) {
    Objects.requireNonNull(value, "value");
    return locked(() -> map.containsValue(value));
  }

  @Override
  public int size() {
    return locked(map::size);
  }

  @Override
  public boolean isEmpty() {
    return locked(map::isEmpty);
  }

  @Override
  public V remove(Object key) {
    Objects.requireNonNull(key, "key");
    return locked(() -> map.remove(key));
  }

  @Override
  public boolean remove(Object key, Object value) {
    Objects.requireNonNull(key, "key");
    return value != null && locked(() -> map.remove(key, value));
  }

  @Override
  public void putAll(Map<? extends K, ? extends V> entries) {
    Map<K, V> checked = new LinkedHashMap<>();
    entries.forEach((k, v) -> checked.put(checkNotNull(k, "keys"), checkNotNull(v, "values")));
    locked(
        () -> {
          map.putAll(checked);
          return null;
        });
  }

  @Override
  public void clear() {
    locked(
        () -> {
          map.clear();
          return null;
        });
  }

  @Override
  public V putIfAbsent(K key, V value) {
    checkNotNull(key, "keys");
    checkNotNull(value, "values");
    return locked(() -> map.putIfAbsent(key, value));
  }

  @Override
  public boolean replace(K key, V oldValue, V newValue) {
    checkNotNull(key, "keys");
    checkNotNull(oldValue, "values");
    checkNotNull(newValue, "values");
    return locked(() -> map.replace(key, oldValue, newValue));
  }

  @Override
  public V replace(K key, V value) {
    checkNotNull(key, "keys");
    checkNotNull(value, "values");
    return locked(() -> map.replace(key, value));
  }

  @Override
  public V compute(K key, BiFunction<? super K, ? super V, ? extends V> remapping) {
    checkNotNull(key, "keys");
    Objects.requireNonNull(remapping, "remapping");
    return locked(() -> map.compute(key, remapping));
  }

  @Override
  public V computeIfAbsent(K key, Function<? super K, ? extends V> mapping) {
    checkNotNull(key, "keys");
    Objects.requireNonNull(mapping, "mapping");
    return locked(() -> map.computeIfAbsent(key, mapping));
  }

  @Override
  public V computeIfPresent(K key, BiFunction<? super K, ? super V, ? extends V> remapping) {
    checkNotNull(key, "keys");
    Objects.requireNonNull(remapping, "remapping");
    return locked(() -> map.computeIfPresent(key, remapping));
  }

  @Override
  public V merge(K key, V value, BiFunction<? super V, ? super V, ? extends V> remapping) {
    checkNotNull(key, "keys");
    checkNotNull(value, "values");
    Objects.requireNonNull(remapping, "remapping");
    return locked(() -> map.merge(key, value, remapping));
  }

  @Override
  public void replaceAll(BiFunction<? super K, ? super V, ? extends V> function) {
    Objects.requireNonNull(function, "function");
    locked(
        () -> {
          Map<K, V> replaced = new LinkedHashMap<>(map); // all or nothing, if the function throws
          for (Map.Entry<K, V> e : replaced.entrySet()) {
            e.setValue(checkNotNull(function.apply(e.getKey(), e.getValue()), "values"));
          }
          map.clear();
          map.putAll(replaced);
          return null;
        });
  }

  @Override
  protected List<Map.Entry<K, V>> entryList() {
    return locked(
        () -> {
          List<Map.Entry<K, V>> entries = new ArrayList<>(map.size());
          for (Map.Entry<K, V> e : map.entrySet()) {
            entries.add(new SimpleImmutableEntry<>(e));
          }
          return entries;
        });
  }

  @Override
  public Map.Entry<K, V> firstEntry() {
    return locked(() -> map.isEmpty() ? null : new SimpleImmutableEntry<>(map.firstEntry()));
  }

  @Override
  public Map.Entry<K, V> lastEntry() {
    return locked(() -> map.isEmpty() ? null : new SimpleImmutableEntry<>(map.lastEntry()));
  }

  @Override
  public Map.Entry<K, V> pollFirstEntry() {
    return locked(() -> poll(map.entrySet().iterator()));
  }

  @Override
  public Map.Entry<K, V> pollLastEntry() {
    return locked(() -> poll(map.reversed().entrySet().iterator()));
  }

  private static <K, V> Map.Entry<K, V> poll(Iterator<Map.Entry<K, V>> entries) {
    if (!entries.hasNext()) {
      return null;
    }
    Map.Entry<K, V> entry = new SimpleImmutableEntry<>(entries.next());
    entries.remove();
    return entry;
  }
}
