package dev.multitask.workers;

import dev.multitask.Fn;
import dev.multitask.Task;
import dev.multitask.pool.MapFailedException;
import java.io.Serial;

/**
 * A chunk of a map: applies the function to consecutive items and returns their results; an item
 * that throws fails the chunk with a {@link MapFailedException} naming its index in the whole input.
 *
 * @param fn the function
 * @param start the index of the first item in the input
 * @param items the items
 */
record ChunkTask(Fn<Object, Object> fn, long start, Object[] items) implements Task<Object[]> {
  @Serial private static final long serialVersionUID = 1L;

  @Override
  public Object[] call() {
    Object[] results = new Object[items.length];
    for (int i = 0; i < items.length; i++) {
      try {
        results[i] = fn.apply(items[i]);
      } catch (Exception e) {
        throw new MapFailedException(start + i, e);
      }
    }
    return results;
  }
}
