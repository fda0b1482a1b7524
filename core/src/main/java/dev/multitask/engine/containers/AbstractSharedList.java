package dev.multitask.engine.containers;

import dev.multitask.shared.SharedList;
import java.util.AbstractList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.ListIterator;
import java.util.Objects;
import java.util.RandomAccess;

/**
 * The iterators of a {@link SharedList} over the atomic operations a backend supplies: they walk a
 * {@link #snapshot()} and do not support changes, as {@code CopyOnWriteArrayList}'s. {@code
 * equals}, {@code hashCode} and {@code toString} read a snapshot; {@code subList} is {@link
 * AbstractList}'s view, one element at a time.
 *
 * @param <E> the element type
 */
public abstract class AbstractSharedList<E> extends AbstractList<E>
    implements SharedList<E>, RandomAccess {
  /** For subclasses. */
  protected AbstractSharedList() {}

  @Override
  public Iterator<E> iterator() {
    return Collections.unmodifiableList(snapshot()).iterator();
  }

  @Override
  public ListIterator<E> listIterator(int index) {
    List<E> copy = snapshot();
    if (index < 0 || index > copy.size()) {
      throw new IndexOutOfBoundsException(
          "index " + index + " out of range for a list of " + copy.size());
    }
    return Collections.unmodifiableList(copy).listIterator(index);
  }

  @Override
  public boolean equals(Object o) {
    return o == this
        || (o instanceof List<?> other
            && snapshot()
                .equals(other instanceof SharedList<?> shared ? shared.snapshot() : other));
  }

  @Override
  public int hashCode() {
    return snapshot().hashCode();
  }

  @Override
  public String toString() {
    return snapshot().toString();
  }

  @Override
  public Object[] toArray() {
    return snapshot().toArray();
  }

  @Override
  public <T> T[] toArray(T[] a) {
    return snapshot().toArray(a);
  }

  @Override
  public int indexOf(Object o) {
    return snapshot().indexOf(o);
  }

  @Override
  public int lastIndexOf(Object o) {
    return snapshot().lastIndexOf(o);
  }

  @Override
  public boolean contains(Object o) {
    return o != null && indexOf(o) >= 0;
  }

  /** Checks an element argument: a shared list holds no nulls. */
  protected static <T> T checkNotNull(T element) {
    return Objects.requireNonNull(element, "a shared list holds no null elements: pass a value");
  }

  /** Checks {@code 0 <= index < size}. */
  protected static void checkIndex(int index, int size) {
    if (index < 0 || index >= size) {
      throw new IndexOutOfBoundsException("index " + index + " out of range for a list of " + size);
    }
  }

  /** Checks {@code 0 <= index <= size}, for an insertion. */
  protected static void checkPosition(int index, int size) {
    if (index < 0 || index > size) {
      throw new IndexOutOfBoundsException(
          "insertion index " + index + " out of range for a list of " + size);
    }
  }

  /** Checks the argument of {@link #repeat} and returns the resulting size. */
  protected static int repeatedSize(int size, int times) {
    if (times < 0) {
      throw new IllegalArgumentException("repeat count must be >= 0: times=" + times);
    }
    long total = (long) size * times;
    if (total > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(
          "a list of "
              + size
              + " repeated "
              + times
              + " times would hold "
              + total
              + " elements, more than "
              + Integer.MAX_VALUE);
    }
    return (int) total;
  }
}
