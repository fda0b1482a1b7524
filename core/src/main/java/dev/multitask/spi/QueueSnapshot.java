package dev.multitask.spi;

import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.function.Function;

/**
 * The iterator of every backend's {@link dev.multitask.ipc.Queue}: a walk over a snapshot the
 * backend took, turning each entry into an element only when the walk reaches it (a process queue
 * decodes there, outside its lock). It never fails for changes made to the queue after the
 * snapshot, and never shows them. Its {@link #remove()} throws {@link
 * UnsupportedOperationException}, as the queues' {@code remove(Object)}, {@code removeAll}, {@code
 * retainAll} and {@code removeIf} do: elements leave a queue only at its head.
 *
 * <p>Not thread-safe: one iterator serves one thread, as every iterator does.
 *
 * @param <S> what the snapshot holds (an element, or its encoded form)
 * @param <T> the element type
 */
public final class QueueSnapshot<S, T> implements Iterator<T> {
  private final Iterator<S> entries;
  private final Function<? super S, ? extends T> element;

  private QueueSnapshot(Iterator<S> entries, Function<? super S, ? extends T> element) {
    this.entries = entries;
    this.element = element;
  }

  /**
   * An iterator over {@code elements}, which the caller no longer changes.
   *
   * @param elements the snapshot, in the order {@code take} would return them
   * @param <T> the element type
   * @return the iterator
   */
  public static <T> Iterator<T> of(List<T> elements) {
    Objects.requireNonNull(elements, "elements: pass the snapshot to walk");
    return new QueueSnapshot<T, T>(elements.iterator(), Function.identity());
  }

  /**
   * An iterator over {@code entries}, each made into an element by {@code element} when reached.
   *
   * @param entries the snapshot, in the order {@code take} would return the elements; the caller no
   *     longer changes it
   * @param element makes an entry into its element (decodes it); what it throws, {@link #next()}
   *     throws
   * @param <S> what the snapshot holds
   * @param <T> the element type
   * @return the iterator
   */
  public static <S, T> Iterator<T> over(List<S> entries, Function<? super S, ? extends T> element) {
    Objects.requireNonNull(entries, "entries: pass the snapshot to walk");
    Objects.requireNonNull(element, "element: pass how an entry becomes an element");
    return new QueueSnapshot<>(entries.iterator(), element);
  }

  /**
   * The exception every way of removing an element from the middle of a queue throws.
   *
   * @return a new exception saying how elements do leave a queue
   */
  public static UnsupportedOperationException removeUnsupported() {
    return new UnsupportedOperationException(
        "a queue cannot remove an element from its middle: elements leave it only at its head "
            + "(take, poll, drainTo, clear)");
  }

  @Override
  public boolean hasNext() {
    return entries.hasNext();
  }

  @Override
  public T next() {
    if (!entries.hasNext()) {
      throw new NoSuchElementException("the queue snapshot has no more elements");
    }
    return element.apply(entries.next());
  }

  /** Not supported: elements leave a queue only at its head. */
  @Override
  public void remove() {
    throw removeUnsupported();
  }
}
