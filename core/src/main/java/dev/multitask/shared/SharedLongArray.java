package dev.multitask.shared;

import dev.multitask.sync.Lock;

/**
 * A fixed-length array of {@code long} shared between jobs, as Python's {@code Array('q', n)};
 * zero-filled at creation. Each element is read and written atomically; indexes out of
 * {@code [0, length())} throw {@link IndexOutOfBoundsException}.
 */
public interface SharedLongArray {
  /** The number of elements. */
  int length();

  /** Element {@code index} (volatile read). */
  long get(int index);

  /** Sets element {@code index} (volatile write). */
  void set(int index, long value);

  /** Adds {@code delta} to element {@code index} atomically and returns the new value. */
  long addAndGet(int index, long delta);

  /** Sets element {@code index} to {@code value} if it is {@code expected}; returns whether it did. */
  boolean compareAndSet(int index, long expected, long value);

  /** A copy of the elements, each read atomically (the whole is not a snapshot unless {@link #lock()} is held). */
  long[] toArray();

  /** This array's own lock, as {@code Array.get_lock()}. */
  Lock lock();
}
