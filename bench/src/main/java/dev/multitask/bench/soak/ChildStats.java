package dev.multitask.bench.soak;

import dev.multitask.shared.SharedLongArray;

/**
 * What a child records for the parent in a shared array without a lock: overruns of its timed calls
 * (the largest, in microseconds) and counts. Atomic across processes.
 */
final class ChildStats {
  private ChildStats() {}

  /**
   * Raises {@code stats[index]} to how far past {@code timeoutNanos} a call begun at {@code start}
   * returned.
   */
  static void timed(SharedLongArray stats, int index, long start, long timeoutNanos) {
    long overMicros = (System.nanoTime() - start - timeoutNanos) / 1000;
    long seen = stats.get(index);
    while (overMicros > seen && !stats.compareAndSet(index, seen, overMicros)) {
      seen = stats.get(index);
    }
  }
}
