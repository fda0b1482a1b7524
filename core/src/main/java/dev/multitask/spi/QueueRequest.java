package dev.multitask.spi;

import java.util.Comparator;
import java.util.Objects;

/**
 * A queue to make, as a context hands it to its backend ({@link Backend#queue}). Every queue counts
 * unfinished tasks, so one type serves both {@code queue} and {@code joinableQueue}.
 *
 * @param order the order elements come out in
 * @param capacity the most elements it holds, 0 for no limit (checked: not negative)
 * @param comparator for {@link QueueOrder#PRIORITY}: the order, or null for the natural one
 * @param <T> the element type
 */
public record QueueRequest<T>(QueueOrder order, int capacity, Comparator<? super T> comparator) {
  /** Checks the order and the capacity. */
  public QueueRequest {
    Objects.requireNonNull(order, "order");
    if (capacity < 0) {
      throw new IllegalArgumentException(
          "queue capacity must be >= 0 (0 = unbounded): capacity=" + capacity);
    }
  }
}
