package dev.multitask.redis.shared;

import dev.multitask.engine.containers.AbstractSharedMap;
import dev.multitask.redis.client.Redis;
import dev.multitask.redis.client.RedisAddress;
import dev.multitask.redis.client.Scripts;
import java.io.ObjectStreamException;
import java.io.Serial;
import java.io.Serializable;
import java.util.AbstractMap.SimpleImmutableEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * The {@link dev.multitask.shared.SharedMap} of the cluster: a hash of encoded keys and values in
 * Redis, with the keys' insertion order beside it (Python's dict order). Each call is one script,
 * atomic on the server. Keys are compared by their encoding (equal keys must encode alike, as
 * strings, numbers and records of them do); values by {@code equals}, in the caller.
 *
 * <p>The functions of {@code compute}, {@code merge} and the like run in the caller, on the value
 * it read; the result is written only if the key still holds that value, and the function runs
 * again on the new one otherwise. So no update is lost, and a function may run more than once when
 * other hosts write the same key at the same time (as {@link java.util.concurrent.ConcurrentMap}'s
 * defaults allow). {@code replaceAll} writes every entry at once if the map did not change
 * meanwhile. A function that calls back into the same map throws {@link IllegalStateException}; one
 * that throws leaves the map as it was.
 *
 * <p>A value read out is a copy, as between processes; a container stored as a value is the
 * container itself (its handle travels). One object per map per JVM; it serializes as its handle.
 */
final class RedisSharedMap<K, V> extends AbstractSharedMap<K, V> implements Serializable {
  @Serial private static final long serialVersionUID = 1L;

  private final transient Container c;

  private RedisSharedMap(Container container) {
    this.c = container;
  }

  static <K, V> RedisSharedMap<K, V> create(
      Redis redis, RedisAddress server, String key, String manager) {
    return Handles.canonical(
        key, () -> new RedisSharedMap<>(new Container(redis, server, key, manager)));
  }

  static <K, V> RedisSharedMap<K, V> attach(RedisAddress server, String key, String manager) {
    return Handles.canonical(
        key, () -> new RedisSharedMap<>(new Container(null, server, key, manager)));
  }

  private List<String> keys() {
    return List.of(c.key + ":h", c.key + ":o", c.key + ":v");
  }

  private static byte[] keyBytes(Object key) {
    return Container.encode(checkNotNull(key, "keys"));
  }

  private static byte[] valueBytes(Object value) {
    return Container.encode(checkNotNull(value, "values"));
  }

  private byte[] current(byte[] k) {
    return (byte[]) c.run(ContainerScripts.MAP_GET, keys(), k).get(0);
  }

  /**
   * What a compare-and-set did: wrote, or found {@code current} instead of what it expected (null:
   * absent), which a retry starts from without reading it again.
   */
  private record Cas(boolean written, byte[] current) {}

  /**
   * Writes {@code value} (null: removes) if the key still holds {@code expected} (null: absent).
   */
  private Cas cas(byte[] k, byte[] expected, byte[] value) {
    List<Object> r =
        c.run(
            ContainerScripts.MAP_CAS,
            keys(),
            k,
            expected == null ? new byte[0] : expected,
            expected == null ? "1" : "0",
            value == null ? new byte[0] : value,
            value == null ? "1" : "0");
    if (Scripts.asLong(r.get(0)) == 1) {
      return new Cas(true, null);
    }
    return new Cas(false, r.size() > 1 ? (byte[]) r.get(1) : null); // a nil ends the reply
  }

  @Override
  public V get(Object key) {
    Objects.requireNonNull(key, "key");
    return Container.decode(current(keyBytes(key)));
  }

  @Override
  public V put(K key, V value) {
    return Container.decode(
        c.run(ContainerScripts.MAP_PUT, keys(), keyBytes(key), valueBytes(value)).get(0));
  }

  @Override
  public boolean containsKey(Object key) {
    Objects.requireNonNull(key, "key");
    return Scripts.asLong(c.run(ContainerScripts.MAP_CONTAINS, keys(), keyBytes(key)).get(0)) == 1;
  }

  @Override
  public boolean containsValue(Object value) {
    Objects.requireNonNull(value, "value");
    for (Map.Entry<K, V> e : entryList()) {
      if (value.equals(e.getValue())) {
        return true;
      }
    }
    return false;
  }

  @Override
  public int size() {
    return (int) Scripts.asLong(c.run(ContainerScripts.MAP_SIZE, keys()).get(0));
  }

  @Override
  public boolean isEmpty() {
    return size() == 0;
  }

  @Override
  public V remove(Object key) {
    Objects.requireNonNull(key, "key");
    return Container.decode(c.run(ContainerScripts.MAP_REMOVE, keys(), keyBytes(key)).get(0));
  }

  @Override
  public boolean remove(Object key, Object value) {
    Objects.requireNonNull(key, "key");
    if (value == null) {
      return false;
    }
    byte[] k = keyBytes(key);
    byte[] cur = current(k);
    while (true) {
      if (cur == null || !value.equals(Container.decode(cur))) {
        return false;
      }
      Cas r = cas(k, cur, null);
      if (r.written()) {
        return true;
      }
      cur = r.current();
    }
  }

  @Override
  public void putAll(Map<? extends K, ? extends V> entries) {
    List<Object> args = new ArrayList<>(2 * entries.size());
    entries.forEach(
        (k, v) -> {
          args.add(keyBytes(k));
          args.add(valueBytes(v));
        });
    c.run(ContainerScripts.MAP_PUT_ALL, keys(), args.toArray());
  }

  @Override
  public void clear() {
    c.run(ContainerScripts.MAP_CLEAR, keys());
  }

  @Override
  public V putIfAbsent(K key, V value) {
    byte[] k = keyBytes(key);
    byte[] v = valueBytes(value);
    Cas r = cas(k, null, v);
    return r.written() ? null : Container.decode(r.current()); // it failed: the key holds a value
  }

  @Override
  public boolean replace(K key, V oldValue, V newValue) {
    byte[] k = keyBytes(key);
    checkNotNull(oldValue, "values");
    byte[] v = valueBytes(newValue);
    byte[] cur = current(k);
    while (true) {
      if (cur == null || !oldValue.equals(Container.decode(cur))) {
        return false;
      }
      Cas r = cas(k, cur, v);
      if (r.written()) {
        return true;
      }
      cur = r.current();
    }
  }

  @Override
  public V replace(K key, V value) {
    byte[] k = keyBytes(key);
    byte[] v = valueBytes(value);
    byte[] cur = current(k);
    while (true) {
      if (cur == null) {
        return null;
      }
      Cas r = cas(k, cur, v);
      if (r.written()) {
        return Container.decode(cur);
      }
      cur = r.current();
    }
  }

  /** Writes what {@code next} makes of the current value until no other write came between. */
  private V update(K key, BiFunction<byte[], V, V> next, boolean skipAbsent) {
    byte[] k = keyBytes(key);
    byte[] cur = current(k);
    while (true) {
      if (cur == null && skipAbsent) {
        return null;
      }
      V old = Container.decode(cur);
      byte[] read = cur;
      V value = c.inFunction(() -> next.apply(read, old));
      if (value == null && cur == null) {
        return null;
      }
      Cas r = cas(k, cur, value == null ? null : valueBytes(value));
      if (r.written()) {
        return value;
      }
      cur = r.current(); // another write came between: start from what it wrote
    }
  }

  @Override
  public V compute(K key, BiFunction<? super K, ? super V, ? extends V> remapping) {
    checkNotNull(key, "keys");
    Objects.requireNonNull(remapping, "remapping");
    return update(key, (cur, old) -> remapping.apply(key, old), false);
  }

  @Override
  public V computeIfAbsent(K key, Function<? super K, ? extends V> mapping) {
    checkNotNull(key, "keys");
    Objects.requireNonNull(mapping, "mapping");
    byte[] k = keyBytes(key);
    byte[] cur = current(k);
    if (cur != null) {
      return Container.decode(cur);
    }
    V made = c.inFunction(() -> mapping.apply(key));
    if (made == null) {
      return null;
    }
    Cas r = cas(k, null, valueBytes(made));
    return r.written() ? made : Container.decode(r.current()); // another put it first: theirs
  }

  @Override
  public V computeIfPresent(K key, BiFunction<? super K, ? super V, ? extends V> remapping) {
    checkNotNull(key, "keys");
    Objects.requireNonNull(remapping, "remapping");
    return update(key, (cur, old) -> remapping.apply(key, old), true);
  }

  @Override
  public V merge(K key, V value, BiFunction<? super V, ? super V, ? extends V> remapping) {
    checkNotNull(key, "keys");
    checkNotNull(value, "values");
    Objects.requireNonNull(remapping, "remapping");
    return update(key, (cur, old) -> old == null ? value : remapping.apply(old, value), false);
  }

  @Override
  public void replaceAll(BiFunction<? super K, ? super V, ? extends V> function) {
    Objects.requireNonNull(function, "function");
    while (true) {
      List<Object> r = c.run(ContainerScripts.MAP_ENTRIES, keys());
      long version = Scripts.asLong(r.get(0));
      List<Object> args = new ArrayList<>(r.size());
      args.add(version);
      c.inFunction(
          () -> {
            for (int i = 1; i < r.size(); i += 2) {
              K k = Container.decode(r.get(i));
              V v = Container.decode(r.get(i + 1));
              args.add(r.get(i));
              args.add(valueBytes(function.apply(k, v)));
            }
            return null;
          });
      if (Scripts.asLong(c.run(ContainerScripts.MAP_REPLACE_ALL, keys(), args.toArray()).get(0))
          == 1) {
        return;
      }
    }
  }

  @Override
  protected List<Map.Entry<K, V>> entryList() {
    List<Object> r = c.run(ContainerScripts.MAP_ENTRIES, keys());
    List<Map.Entry<K, V>> entries = new ArrayList<>((r.size() - 1) / 2);
    for (int i = 1; i < r.size(); i += 2) {
      if (r.get(i + 1) != null) {
        entries.add(
            new SimpleImmutableEntry<>(Container.decode(r.get(i)), Container.decode(r.get(i + 1))));
      }
    }
    return entries;
  }

  private Map.Entry<K, V> end(boolean first, boolean remove) {
    List<Object> r =
        c.run(ContainerScripts.MAP_END, keys(), first ? "first" : "last", remove ? "1" : "0");
    return r.get(0) == null
        ? null
        : new SimpleImmutableEntry<>(Container.decode(r.get(0)), Container.decode(r.get(1)));
  }

  @Override
  public Map.Entry<K, V> firstEntry() {
    return end(true, false);
  }

  @Override
  public Map.Entry<K, V> lastEntry() {
    return end(false, false);
  }

  @Override
  public Map.Entry<K, V> pollFirstEntry() {
    return end(true, true);
  }

  @Override
  public Map.Entry<K, V> pollLastEntry() {
    return end(false, true);
  }

  @Serial
  private Object writeReplace() throws ObjectStreamException {
    return new Handles.Handle(Handles.MAP, c.server, c.key, c.manager);
  }
}
