package dev.multitask.engine.pool;

import java.io.Serial;
import java.io.Serializable;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.ConcurrentModificationException;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.RandomAccess;

/**
 * The list {@code map} returns: each chunk's results kept as they arrived, one segment per chunk,
 * not copied into one array. A segment is an {@code Object[]}, or, for a chunk whose results a
 * worker process sent as only Integers (Longs, Doubles), an {@code int[]} ({@code long[]}, {@code
 * double[]}) whose numbers are boxed when read.
 *
 * <pre>
 * index i  →  segments[i / chunkSize][i % chunkSize]      (the last segment may be shorter)
 * </pre>
 *
 * <p>Why: a million boxed results, all live until {@code map} returns, make the caller's young
 * collections copy them again and again; packed they are a few arrays. Boxing on read is invisible
 * to code that uses the numbers by value ({@code Integer} is value-based: two reads give equal, not
 * necessarily identical, objects).
 *
 * <p>Mutable as an {@link ArrayList} is: {@code set} keeps a segment packed when the new value has
 * its type and boxes that one segment otherwise; the first {@code add} or {@code remove} copies the
 * elements into an {@code ArrayList} that serves from then on. Serializes as an {@code ArrayList}.
 * Not thread-safe, as {@code ArrayList} is not.
 */
final class MapResults extends AbstractList<Object> implements RandomAccess, Serializable {
  @Serial private static final long serialVersionUID = 1L;

  private final int chunkSize;
  private final int size;

  /** The chunks' results; null once {@link #flat} serves. */
  private transient Object[] segments;

  private transient ArrayList<Object> flat;

  /** Counts the segments {@code set} boxed: an iterator that holds one reads it again. */
  private transient int reboxed;

  MapResults(int size, int chunkSize) {
    this.size = size;
    this.chunkSize = chunkSize;
    this.segments = new Object[(int) (((long) size + chunkSize - 1) / chunkSize)];
  }

  /** Stores chunk {@code index}'s results, as {@link ChunkTask} returned or sent them. */
  void put(int index, Object segment) {
    int expected = Math.min(chunkSize, size - index * chunkSize);
    if (length(segment) != expected) {
      throw new IllegalStateException(
          "chunk " + index + " brought " + length(segment) + " results for " + expected + " items");
    }
    segments[index] = segment;
  }

  /** The number of results in a segment. */
  static int length(Object segment) {
    if (segment instanceof int[] a) {
      return a.length;
    }
    if (segment instanceof Object[] a) {
      return a.length;
    }
    if (segment instanceof long[] a) {
      return a.length;
    }
    if (segment instanceof double[] a) {
      return a.length;
    }
    throw new IllegalArgumentException("not a results segment: " + segment.getClass().getName());
  }

  /** Result {@code i} of a segment, boxed if the segment is packed. */
  static Object get(Object segment, int i) {
    if (segment instanceof int[] a) {
      return a[i];
    }
    if (segment instanceof Object[] a) {
      return a[i];
    }
    if (segment instanceof long[] a) {
      return a[i];
    }
    return ((double[]) segment)[i];
  }

  @Override
  public Object get(int index) {
    if (flat != null) {
      return flat.get(index);
    }
    Objects.checkIndex(index, size);
    return get(segments[index / chunkSize], index % chunkSize);
  }

  /**
   * Walks the segments in turn: a caller's loop over a million results, often run before the JIT
   * has compiled it, costs an array read (and a box) per result instead of a division and a type
   * test. Fails fast, as {@code ArrayList}'s, if the list's size changes meanwhile.
   */
  @Override
  public Iterator<Object> iterator() {
    return flat != null ? flat.iterator() : new Walker();
  }

  /** {@link #iterator()}'s iterator, over the segments. */
  private final class Walker implements Iterator<Object> {
    private final int expectedModCount = modCount;
    private int seenReboxed = reboxed;
    private int segment = -1;
    private int[] ints;
    private Object[] objects;
    private Object other;
    private int at;
    private int length;
    private int returned;

    @Override
    public boolean hasNext() {
      return returned < size;
    }

    @Override
    public Object next() {
      if (modCount != expectedModCount) {
        throw new ConcurrentModificationException();
      }
      if (returned >= size) {
        throw new NoSuchElementException();
      }
      if (at == length || seenReboxed != reboxed) {
        if (at == length) {
          segment++;
          at = 0;
        }
        seenReboxed = reboxed;
        Object next = segments[segment];
        ints = next instanceof int[] a ? a : null;
        objects = next instanceof Object[] a ? a : null;
        other = next;
        length = length(next);
      }
      returned++;
      int i = at++;
      return ints != null ? ints[i] : objects != null ? objects[i] : get(other, i);
    }
  }

  @Override
  public Object set(int index, Object value) {
    if (flat != null) {
      return flat.set(index, value);
    }
    Object old = get(index);
    int c = index / chunkSize;
    int i = index % chunkSize;
    Object segment = segments[c];
    if (segment instanceof Object[] a) {
      a[i] = value;
    } else if (segment instanceof int[] a && value instanceof Integer v) {
      a[i] = v;
    } else if (segment instanceof long[] a && value instanceof Long v) {
      a[i] = v;
    } else if (segment instanceof double[] a && value instanceof Double v) {
      a[i] = v;
    } else {
      Object[] boxed = new Object[length(segment)];
      for (int k = 0; k < boxed.length; k++) {
        boxed[k] = get(segment, k);
      }
      boxed[i] = value;
      segments[c] = boxed;
      reboxed++;
    }
    return old;
  }

  @Override
  public int size() {
    return flat != null ? flat.size() : size;
  }

  @Override
  public void add(int index, Object value) {
    flat().add(index, value);
    modCount++;
  }

  @Override
  public Object remove(int index) {
    Object removed = flat().remove(index);
    modCount++;
    return removed;
  }

  @Override
  protected void removeRange(int fromIndex, int toIndex) {
    flat().subList(fromIndex, toIndex).clear();
    modCount++;
  }

  /** The elements as an {@code ArrayList}, made on the first change of size. */
  private ArrayList<Object> flat() {
    if (flat == null) {
      ArrayList<Object> copy = new ArrayList<>(size + 16);
      for (Object segment : segments) {
        for (int i = 0, n = length(segment); i < n; i++) {
          copy.add(get(segment, i));
        }
      }
      flat = copy;
      segments = null;
    }
    return flat;
  }

  @Serial
  private Object writeReplace() {
    return new ArrayList<>(this);
  }
}
