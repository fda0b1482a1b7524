package dev.multitask.process.containers;

import dev.multitask.codec.Codec;
import dev.multitask.engine.containers.AbstractSharedMap;
import dev.multitask.process.shm.SharedSegment;
import java.io.ObjectStreamException;
import java.io.Serial;
import java.io.Serializable;
import java.lang.foreign.MemorySegment;
import java.util.AbstractMap.SimpleImmutableEntry;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The {@link dev.multitask.shared.SharedMap} of the process backend: a hash table in shared memory
 * ({@link MapStore}, {@link MapDescriptor}) behind the container's robust mutex ({@link
 * Container}). Keys and values are encoded in the caller, outside the mutex; under it, an operation
 * is a lookup and a copy of bytes. The functions of {@code compute}, {@code merge} and the like run
 * under the mutex, in the calling process, on decoded values. One object per map per JVM; it
 * serializes as its handle.
 */
final class ShmMap<K, V> extends AbstractSharedMap<K, V> implements Serializable {
  @Serial private static final long serialVersionUID = 1L;

  private final String name;
  private final transient Container container;

  private ShmMap(Container container) {
    this.name = container.name();
    this.container = container;
  }

  /**
   * A new, empty map of the manager of process {@code owner} (its owner word); {@code register}
   * lists its name with the manager before it exists.
   */
  static <K, V> ShmMap<K, V> create(long owner, Consumer<String> register) {
    Container c =
        Container.create(
            ContainerDescriptor.KIND_MAP,
            owner,
            MapStore.MIN_SEGMENT,
            MapStore.formatFor(0),
            register);
    return Handles.register(c.name(), new ShmMap<>(c));
  }

  /** This JVM's object for the map whose control segment is {@code name}. */
  static <K, V> ShmMap<K, V> attach(String name) {
    return Handles.canonical(
        name, n -> new ShmMap<>(Container.attach(n, ContainerDescriptor.KIND_MAP)));
  }

  String name() {
    return name;
  }

  Container container() {
    return container;
  }

  private static byte[] keyBytes(Object key) {
    return Codec.encode(checkNotNull(key, "keys"));
  }

  private static byte[] valueBytes(Object value) {
    return Handles.encodeValue(checkNotNull(value, "values"));
  }

  @SuppressWarnings("unchecked")
  private V decode(byte[] value) {
    return value == null ? null : (V) Handles.decodeValue(value);
  }

  @SuppressWarnings("unchecked")
  private K decodeKey(byte[] key) {
    return (K) Codec.decode(key);
  }

  /**
   * Puts {@code value} for the key under the mutex (into entry {@code e}, or a new one if 0);
   * returns the data in use.
   */
  private MemorySegment store(MemorySegment d, long e, byte[] key, int hash, byte[] value) {
    if (!MapStore.fits(d, e, key.length, value.length)) {
      long need =
          e == 0
              ? MapStore.insertLength(key.length, value.length)
              : MapDescriptor.blobLength(value.length);
      d = move(d, need);
      e = e == 0 ? 0 : MapStore.find(d, key, hash);
      if (!MapStore.fits(d, e, key.length, value.length)) {
        throw new IllegalStateException(
            "shared map " + name + " has no room after growing (a bug): need=" + need);
      }
    }
    if (e == 0) {
      MapStore.insert(d, key, hash, value);
    } else {
      MapStore.update(d, e, value);
    }
    return d;
  }

  /** Moves the map to a new segment with room for {@code need} more bytes, compacted. */
  private MemorySegment move(MemorySegment d, long need) {
    SharedSegment next =
        container.newData(MapStore.grownBytes(d, need), MapStore.formatFor(MapStore.count(d) + 1));
    try {
      MapStore.copy(d, next.memory());
    } catch (RuntimeException | Error e) {
      next.unlink();
      next.close();
      throw e;
    }
    return container.move(next);
  }

  @Override
  public V get(Object key) {
    byte[] k = keyBytes(key);
    int h = MapStore.hash(k);
    byte[] value;
    MemorySegment d = container.enter();
    try {
      long e = MapStore.find(d, k, h);
      value = e == 0 ? null : MapStore.value(d, e);
    } finally {
      container.exit();
    }
    return decode(value);
  }

  @Override
  public boolean containsKey(Object key) {
    byte[] k = keyBytes(key);
    int h = MapStore.hash(k);
    MemorySegment d = container.enter();
    try {
      return MapStore.find(d, k, h) != 0;
    } finally {
      container.exit();
    }
  }

  @Override
  public V put(K key, V value) {
    byte[] k = keyBytes(key);
    byte[] v = valueBytes(value);
    int h = MapStore.hash(k);
    byte[] old;
    MemorySegment d = container.enter();
    try {
      long e = MapStore.find(d, k, h);
      old = e == 0 ? null : MapStore.value(d, e);
      store(d, e, k, h, v);
    } finally {
      container.exit();
    }
    return decode(old);
  }

  @Override
  public V putIfAbsent(K key, V value) {
    byte[] k = keyBytes(key);
    byte[] v = valueBytes(value);
    int h = MapStore.hash(k);
    byte[] present;
    MemorySegment d = container.enter();
    try {
      long e = MapStore.find(d, k, h);
      present = e == 0 ? null : MapStore.value(d, e);
      if (e == 0) {
        store(d, 0, k, h, v);
      }
    } finally {
      container.exit();
    }
    return decode(present);
  }

  @Override
  public V remove(Object key) {
    byte[] k = keyBytes(key);
    int h = MapStore.hash(k);
    byte[] old = null;
    MemorySegment d = container.enter();
    try {
      long e = MapStore.find(d, k, h);
      if (e != 0) {
        old = MapStore.value(d, e);
        MapStore.remove(d, e);
      }
    } finally {
      container.exit();
    }
    return decode(old);
  }

  @Override
  public boolean remove(Object key, Object value) {
    if (value == null) {
      return false;
    }
    byte[] k = keyBytes(key);
    int h = MapStore.hash(k);
    MemorySegment d = container.enter();
    try {
      long e = MapStore.find(d, k, h);
      if (e == 0 || !value.equals(decode(MapStore.value(d, e)))) {
        return false;
      }
      MapStore.remove(d, e);
      return true;
    } finally {
      container.exit();
    }
  }

  @Override
  public boolean replace(K key, V oldValue, V newValue) {
    checkNotNull(oldValue, "values");
    byte[] k = keyBytes(key);
    byte[] v = valueBytes(newValue);
    int h = MapStore.hash(k);
    MemorySegment d = container.enter();
    try {
      long e = MapStore.find(d, k, h);
      if (e == 0 || !oldValue.equals(decode(MapStore.value(d, e)))) {
        return false;
      }
      store(d, e, k, h, v);
      return true;
    } finally {
      container.exit();
    }
  }

  @Override
  public V replace(K key, V value) {
    byte[] k = keyBytes(key);
    byte[] v = valueBytes(value);
    int h = MapStore.hash(k);
    byte[] old = null;
    MemorySegment d = container.enter();
    try {
      long e = MapStore.find(d, k, h);
      if (e != 0) {
        old = MapStore.value(d, e);
        store(d, e, k, h, v);
      }
    } finally {
      container.exit();
    }
    return decode(old);
  }

  @Override
  public V compute(K key, BiFunction<? super K, ? super V, ? extends V> remapping) {
    Objects.requireNonNull(
        remapping, "remapping: pass the function from the old value to the new one");
    byte[] k = keyBytes(key);
    int h = MapStore.hash(k);
    MemorySegment d = container.enter();
    try {
      long e = MapStore.find(d, k, h);
      V result = remapping.apply(key, e == 0 ? null : decode(MapStore.value(d, e)));
      return apply(d, e, k, h, result);
    } finally {
      container.exit();
    }
  }

  @Override
  public V computeIfAbsent(K key, Function<? super K, ? extends V> mapping) {
    Objects.requireNonNull(mapping, "mapping: pass the function that makes the value");
    byte[] k = keyBytes(key);
    int h = MapStore.hash(k);
    MemorySegment d = container.enter();
    try {
      long e = MapStore.find(d, k, h);
      if (e != 0) {
        return decode(MapStore.value(d, e));
      }
      V made = mapping.apply(key);
      return made == null ? null : apply(d, 0, k, h, made);
    } finally {
      container.exit();
    }
  }

  @Override
  public V computeIfPresent(K key, BiFunction<? super K, ? super V, ? extends V> remapping) {
    Objects.requireNonNull(
        remapping, "remapping: pass the function from the old value to the new one");
    byte[] k = keyBytes(key);
    int h = MapStore.hash(k);
    MemorySegment d = container.enter();
    try {
      long e = MapStore.find(d, k, h);
      return e == 0 ? null : apply(d, e, k, h, remapping.apply(key, decode(MapStore.value(d, e))));
    } finally {
      container.exit();
    }
  }

  @Override
  public V merge(K key, V value, BiFunction<? super V, ? super V, ? extends V> remapping) {
    checkNotNull(value, "values");
    Objects.requireNonNull(
        remapping, "remapping: pass the function that merges the old value and the new one");
    byte[] k = keyBytes(key);
    int h = MapStore.hash(k);
    MemorySegment d = container.enter();
    try {
      long e = MapStore.find(d, k, h);
      V result = e == 0 ? value : remapping.apply(decode(MapStore.value(d, e)), value);
      return apply(d, e, k, h, result);
    } finally {
      container.exit();
    }
  }

  /** Stores {@code result} for the key (removes the entry if null), under the mutex; returns it. */
  private V apply(MemorySegment d, long e, byte[] k, int h, V result) {
    if (result == null) {
      if (e != 0) {
        MapStore.remove(d, e);
      }
      return null;
    }
    store(d, e, k, h, Handles.encodeValue(result));
    return result;
  }

  @Override
  public void replaceAll(BiFunction<? super K, ? super V, ? extends V> function) {
    Objects.requireNonNull(
        function, "function: pass the function from each entry to its new value");
    MemorySegment d = container.enter();
    try {
      List<byte[]> keys = new ArrayList<>();
      List<byte[]> values = new ArrayList<>();
      MapStore.forEach(d, (data, e) -> keys.add(MapStore.key(data, e)));
      for (byte[] k :
          keys) { // every new value first: a function that throws leaves the map as it was
        long e = MapStore.find(d, k, MapStore.hash(k));
        V replaced = function.apply(decodeKey(k), decode(MapStore.value(d, e)));
        values.add(valueBytes(replaced));
      }
      for (int i = 0; i < keys.size(); i++) {
        byte[] k = keys.get(i);
        int h = MapStore.hash(k);
        d = store(d, MapStore.find(d, k, h), k, h, values.get(i));
      }
    } finally {
      container.exit();
    }
  }

  @Override
  public void putAll(Map<? extends K, ? extends V> entries) {
    List<byte[]> keys = new ArrayList<>(entries.size());
    List<byte[]> values = new ArrayList<>(entries.size());
    for (Map.Entry<? extends K, ? extends V> e : entries.entrySet()) {
      keys.add(keyBytes(e.getKey()));
      values.add(valueBytes(e.getValue()));
    }
    MemorySegment d = container.enter();
    try {
      for (int i = 0; i < keys.size(); i++) {
        byte[] k = keys.get(i);
        int h = MapStore.hash(k);
        d = store(d, MapStore.find(d, k, h), k, h, values.get(i));
      }
    } finally {
      container.exit();
    }
  }

  @Override
  public int size() {
    MemorySegment d = container.enter();
    try {
      return MapStore.count(d);
    } finally {
      container.exit();
    }
  }

  @Override
  public boolean isEmpty() {
    return size() == 0;
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
  public void clear() {
    MemorySegment d = container.enter();
    try {
      if (MapStore.count(d) > 0 || d.byteSize() > MapStore.MIN_SEGMENT) {
        if (d.byteSize() > 4 * MapStore.MIN_SEGMENT) {
          container.move(
              container.newData(
                  MapStore.MIN_SEGMENT, MapStore.formatFor(0))); // give the memory back
        } else {
          MapStore.clear(d);
        }
      }
    } finally {
      container.exit();
    }
  }

  @Override
  protected List<Map.Entry<K, V>> entryList() {
    List<byte[]> raw = new ArrayList<>();
    MemorySegment d = container.enter();
    try {
      MapStore.forEach(
          d,
          (data, e) -> {
            raw.add(MapStore.key(data, e));
            raw.add(MapStore.value(data, e));
          });
    } finally {
      container.exit();
    }
    List<Map.Entry<K, V>> entries = new ArrayList<>(raw.size() / 2);
    for (int i = 0; i < raw.size(); i += 2) {
      entries.add(new SimpleImmutableEntry<>(decodeKey(raw.get(i)), decode(raw.get(i + 1))));
    }
    return entries;
  }

  /**
   * Copies out the entry {@code first ? oldest : newest}, removing it if {@code poll}; null if
   * empty.
   */
  private Map.Entry<K, V> end(boolean first, boolean poll) {
    byte[] k;
    byte[] v;
    MemorySegment d = container.enter();
    try {
      long e = first ? MapStore.first(d) : MapStore.last(d);
      if (e == 0) {
        return null;
      }
      k = MapStore.key(d, e);
      v = MapStore.value(d, e);
      if (poll) {
        MapStore.remove(d, e);
      }
    } finally {
      container.exit();
    }
    return new SimpleImmutableEntry<>(decodeKey(k), decode(v));
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

  @Override
  public java.util.SequencedMap<K, V> snapshot() {
    LinkedHashMap<K, V> copy = new LinkedHashMap<>();
    for (Map.Entry<K, V> e : entryList()) {
      copy.put(e.getKey(), e.getValue());
    }
    return copy;
  }

  @Serial
  private Object writeReplace() throws ObjectStreamException {
    return new Handles.Handle(Handles.MAP, name);
  }
}
