package dev.multitask.local;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;

/**
 * The elements of a {@link LocalQueue}, in its order. Not thread-safe: the queue's lock guards it.
 *
 * @param <T> the element type
 */
sealed interface LocalStore<T> permits LocalStore.Deque, LocalStore.Priority {
  /** Adds, or throws and leaves the store unchanged. */
  void add(T element);

  T poll();

  T peek();

  int size();

  void clear();

  /** A copy, in the order {@code poll} would return the elements. */
  List<T> snapshot();

  /** First in, first out; or, as a stack, last in, first out. */
  final class Deque<T> implements LocalStore<T> {
    private final ArrayDeque<T> deque = new ArrayDeque<>();
    private final boolean lifo;

    Deque(boolean lifo) {
      this.lifo = lifo;
    }

    @Override
    public void add(T element) {
      if (lifo) {
        deque.addFirst(element);
      } else {
        deque.addLast(element);
      }
    }

    @Override
    public T poll() {
      return deque.pollFirst();
    }

    @Override
    public T peek() {
      return deque.peekFirst();
    }

    @Override
    public int size() {
      return deque.size();
    }

    @Override
    public void clear() {
      deque.clear();
    }

    @Override
    public List<T> snapshot() {
      return new ArrayList<>(deque);
    }
  }

  /** Least first; equal elements in the order they were added. */
  final class Priority<T> implements LocalStore<T> {
    private record Entry<T>(T element, long sequence) {}

    private final TreeSet<Entry<T>> entries;
    private final boolean natural;
    private long nextSequence;

    Priority(Comparator<? super T> comparator) {
      this.natural = comparator == null;
      Comparator<? super T> order = natural ? naturalOrder() : comparator;
      Comparator<Entry<T>> byElement = (a, b) -> order.compare(a.element(), b.element());
      this.entries = new TreeSet<>(byElement.thenComparingLong(Entry::sequence));
    }

    @SuppressWarnings("unchecked")
    private static <T> Comparator<T> naturalOrder() {
      return (a, b) -> ((Comparable<Object>) a).compareTo(b);
    }

    @Override
    public void add(T element) {
      if (natural && !(element instanceof Comparable)) {
        throw new ClassCastException(
            element.getClass().getName()
                + " is not Comparable: a priority queue in natural order needs Comparable elements;"
                + " make the queue with priorityQueue(capacity, comparator) to order it");
      }
      entries.add(new Entry<>(element, nextSequence));
      nextSequence++; // only once the element is in
    }

    @Override
    public T poll() {
      Entry<T> first = entries.pollFirst();
      return first == null ? null : first.element();
    }

    @Override
    public T peek() {
      return entries.isEmpty() ? null : entries.first().element();
    }

    @Override
    public int size() {
      return entries.size();
    }

    @Override
    public void clear() {
      entries.clear();
    }

    @Override
    public List<T> snapshot() {
      List<T> copy = new ArrayList<>(entries.size());
      for (Entry<T> entry : entries) {
        copy.add(entry.element());
      }
      return copy;
    }
  }
}
