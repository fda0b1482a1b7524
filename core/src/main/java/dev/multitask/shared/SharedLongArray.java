package dev.multitask.shared;

import dev.multitask.sync.Lock;

/**
 * A fixed-length array of {@code long} shared between jobs, as Python's {@code Array('q', n)};
 * zero-filled at creation. Each element is read and written atomically; indexes out of {@code [0,
 * length())} throw {@link IndexOutOfBoundsException}.
 */
public interface SharedLongArray {
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
  long get(int index);

  /**
   * Sets element {@code index} (volatile write).
   *
   * @param index the index
   * @param value the new value
   */
  void set(int index, long value);

  /**
   * Adds {@code delta} to element {@code index} atomically.
   *
   * @param index the index
   * @param delta what to add
   * @return the new value
   */
  long addAndGet(int index, long delta);

  /**
   * Sets element {@code index} to {@code value} if it is {@code expected}, atomically.
   *
   * @param index the index
   * @param expected the value expected
   * @param value the new value
   * @return whether it was set
   */
  boolean compareAndSet(int index, long expected, long value);

  /**
   * A copy of the elements, each read atomically (the whole is a snapshot only while {@link
   * #lock()} is held by every writer).
   *
   * @return the copy
   */
  long[] toArray();

  /**
   * This array's own lock, as {@code Array.get_lock()}.
   *
   * @return the lock
   * @throws UnsupportedOperationException if it was made without a lock ({@code lock=false})
   */
  Lock lock();
}
