package dev.multitask.engine.containers;

import dev.multitask.shared.SharedMap;
import java.util.AbstractCollection;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SequencedMap;
import java.util.Set;

/**
 * The views of a {@link SharedMap} over the atomic operations a backend supplies: key, value and
 * entry views whose iterators walk a snapshot ({@link #entryList()}) and whose {@code remove}
 * removes the key from the map, entries whose {@code setValue} writes through, and the {@link
 * #reversed()} view. {@code equals}, {@code hashCode} and {@code toString} come from {@link
 * AbstractMap}, over a snapshot.
 *
 * <p>A backend implements the single-key and whole-map operations atomically; those of {@link
 * java.util.concurrent.ConcurrentMap} whose defaults are retry loops ({@code compute}, {@code
 * merge}, ...) it overrides to run under its lock.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
public abstract class AbstractSharedMap<K, V> extends AbstractMap<K, V> implements SharedMap<K, V> {
  /** For subclasses. */
  protected AbstractSharedMap() {}

  /**
   * Every entry, in insertion order, in one atomic step.
   *
   * @return immutable entries, in a list the caller may keep
   */
  protected abstract List<Map.Entry<K, V>> entryList();

  @Override
  public SequencedMap<K, V> snapshot() {
    SequencedMap<K, V> copy = new LinkedHashMap<>();
    for (Map.Entry<K, V> e : entryList()) {
      copy.put(e.getKey(), e.getValue());
    }
    return copy;
  }

  @Override
  public Set<Map.Entry<K, V>> entrySet() {
    return new EntryView(false);
  }

  @Override
  public Set<K> keySet() {
    return new KeyView(false);
  }

  @Override
  public Collection<V> values() {
    return new ValueView(false);
  }

  @Override
  public SequencedMap<K, V> reversed() {
    return new Reversed();
  }

  @Override
  public String toString() {
    return snapshot().toString();
  }

  /** Checks a key or value argument: a shared map holds no nulls, as no ConcurrentMap does. */
  protected static <T> T checkNotNull(T value, String what) {
    return Objects.requireNonNull(
        value,
        () ->
            "a shared map holds no null "
                + what
                + " (as java.util.concurrent.ConcurrentMap): pass a value, or remove the key");
  }

  /** The entries of a snapshot, oldest first or newest first. */
  private List<Map.Entry<K, V>> ordered(boolean newestFirst) {
    List<Map.Entry<K, V>> entries = entryList();
    return newestFirst ? entries.reversed() : entries;
  }

  /** Walks a snapshot; {@code remove} removes the last key returned from the map. */
  private abstract class SnapshotIterator<T> implements Iterator<T> {
    private final Iterator<Map.Entry<K, V>> entries;
    private Map.Entry<K, V> last;

    SnapshotIterator(boolean newestFirst) {
      this.entries = ordered(newestFirst).iterator();
    }

    @Override
    public boolean hasNext() {
      return entries.hasNext();
    }

    final Map.Entry<K, V> nextEntry() {
      last = entries.next();
      return last;
    }

    @Override
    public void remove() {
      if (last == null) {
        throw new IllegalStateException(
            "next() has not been called, or remove() was called already");
      }
      AbstractSharedMap.this.remove(last.getKey());
      last = null;
    }
  }

  /** An entry of a snapshot whose {@code setValue} puts the value in the map. */
  private final class WriteThroughEntry extends SimpleEntry<K, V> {
    private static final long serialVersionUID = 1L;

    WriteThroughEntry(Map.Entry<K, V> e) {
      super(e.getKey(), e.getValue());
    }

    @Override
    public V setValue(V value) {
      checkNotNull(value, "values");
      V old = super.setValue(value);
      put(getKey(), value);
      return old;
    }
  }

  private final class EntryView extends AbstractSet<Map.Entry<K, V>> {
    private final boolean newestFirst;

    EntryView(boolean newestFirst) {
      this.newestFirst = newestFirst;
    }

    @Override
    public Iterator<Map.Entry<K, V>> iterator() {
      return new SnapshotIterator<>(newestFirst) {
        @Override
        public Map.Entry<K, V> next() {
          return new WriteThroughEntry(nextEntry());
        }
      };
    }

    @Override
    public int size() {
      return AbstractSharedMap.this.size();
    }

    @Override
    public boolean contains(Object o) {
      if (!(o instanceof Map.Entry<?, ?> e) || e.getKey() == null) {
        return false;
      }
      V value = get(e.getKey());
      return value != null && value.equals(e.getValue());
    }

    @Override
    public boolean remove(Object o) {
      return o instanceof Map.Entry<?, ?> e
          && e.getKey() != null
          && e.getValue() != null
          && AbstractSharedMap.this.remove(e.getKey(), e.getValue());
    }

    @Override
    public void clear() {
      AbstractSharedMap.this.clear();
    }
  }

  private final class KeyView extends AbstractSet<K> {
    private final boolean newestFirst;

    KeyView(boolean newestFirst) {
      this.newestFirst = newestFirst;
    }

    @Override
    public Iterator<K> iterator() {
      return new SnapshotIterator<>(newestFirst) {
        @Override
        public K next() {
          return nextEntry().getKey();
        }
      };
    }

    @Override
    public int size() {
      return AbstractSharedMap.this.size();
    }

    @Override
    public boolean contains(Object o) {
      return o != null && containsKey(o);
    }

    @Override
    public boolean remove(Object o) {
      return o != null && AbstractSharedMap.this.remove(o) != null;
    }

    @Override
    public void clear() {
      AbstractSharedMap.this.clear();
    }
  }

  private final class ValueView extends AbstractCollection<V> {
    private final boolean newestFirst;

    ValueView(boolean newestFirst) {
      this.newestFirst = newestFirst;
    }

    @Override
    public Iterator<V> iterator() {
      return new SnapshotIterator<>(newestFirst) {
        @Override
        public V next() {
          return nextEntry().getValue();
        }
      };
    }

    @Override
    public int size() {
      return AbstractSharedMap.this.size();
    }

    @Override
    public boolean contains(Object o) {
      return o != null && containsValue(o);
    }

    @Override
    public void clear() {
      AbstractSharedMap.this.clear();
    }
  }

  /** The map newest entry first; reads and writes go through to it. */
  private final class Reversed extends AbstractMap<K, V> implements SequencedMap<K, V> {
    @Override
    public Set<Map.Entry<K, V>> entrySet() {
      return new EntryView(true);
    }

    @Override
    public Set<K> keySet() {
      return new KeyView(true);
    }

    @Override
    public Collection<V> values() {
      return new ValueView(true);
    }

    @Override
    public int size() {
      return AbstractSharedMap.this.size();
    }

    @Override
    public boolean containsKey(Object key) {
      return AbstractSharedMap.this.containsKey(key);
    }

    @Override
    public V get(Object key) {
      return AbstractSharedMap.this.get(key);
    }

    @Override
    public V put(K key, V value) {
      return AbstractSharedMap.this.put(key, value);
    }

    @Override
    public V remove(Object key) {
      return AbstractSharedMap.this.remove(key);
    }

    @Override
    public void clear() {
      AbstractSharedMap.this.clear();
    }

    @Override
    public SequencedMap<K, V> reversed() {
      return AbstractSharedMap.this;
    }

    @Override
    public Map.Entry<K, V> firstEntry() {
      return AbstractSharedMap.this.lastEntry();
    }

    @Override
    public Map.Entry<K, V> lastEntry() {
      return AbstractSharedMap.this.firstEntry();
    }

    @Override
    public Map.Entry<K, V> pollFirstEntry() {
      return AbstractSharedMap.this.pollLastEntry();
    }

    @Override
    public Map.Entry<K, V> pollLastEntry() {
      return AbstractSharedMap.this.pollFirstEntry();
    }
  }
}
