package dev.multitask.shared;

import dev.multitask.sync.Lock;

/**
 * A fixed-length array of {@code double} shared between jobs, as Python's {@code Array('d', n)};
 * zero-filled at creation. Indexes out of {@code [0, length())} throw
 * {@link IndexOutOfBoundsException}.
 */
public interface SharedDoubleArray {
  /** The number of elements. */
  int length();

  /** Element {@code index} (volatile read). */
  double get(int index);

  /** Sets element {@code index} (volatile write). */
  void set(int index, double value);

  /** Adds {@code delta} to element {@code index} atomically and returns the new value. */
  double addAndGet(int index, double delta);

  /** A copy of the elements, each read atomically. */
  double[] toArray();

  /** This array's own lock, as {@code Array.get_lock()}. */
  Lock lock();
}
