package dev.multitask.shared;

import dev.multitask.sync.Lock;

/**
 * A fixed-length array of {@code double} shared between jobs, as Python's {@code Array('d', n)};
 * zero-filled at creation. Indexes out of {@code [0, length())} throw {@link
 * IndexOutOfBoundsException}.
 */
public interface SharedDoubleArray {
  /**
   * The number of elements.
   *
   * @return the length
   */
  int length();

  /**
   * Element {@code index} (volatile read).
   *
   * @param index the index
   * @return the element
   */
  double get(int index);

  /**
   * Sets element {@code index} (volatile write).
   *
   * @param index the index
   * @param value the new value
   */
  void set(int index, double value);

  /**
   * Adds {@code delta} to element {@code index} atomically.
   *
   * @param index the index
   * @param delta what to add
   * @return the new value
   */
  double addAndGet(int index, double delta);

  /**
   * A copy of the elements, each read atomically.
   *
   * @return the copy
   */
  double[] toArray();

  /**
   * This array's own lock, as {@code Array.get_lock()}.
   *
   * @return the lock
   * @throws UnsupportedOperationException if it was made without a lock ({@code lock=false})
   */
  Lock lock();
}
