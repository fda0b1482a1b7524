package dev.multitask.shared;

import dev.multitask.sync.Lock;

/**
 * A {@code long} shared between jobs, as Python's {@code Value('q', initial)}, with atomic
 * operations Python lacks: {@code counter.addAndGet(1)} needs no lock, even across processes.
 */
public interface SharedLong {
  /**
   * The value (volatile read).
   *
   * @return the value
   */
  long get();

  /**
   * Sets the value (volatile write).
   *
   * @param value the new value
   */
  void set(long value);

  /**
   * Adds {@code delta} atomically.
   *
   * @param delta what to add
   * @return the new value
   */
  long addAndGet(long delta);

  /**
   * Adds {@code delta} atomically.
   *
   * @param delta what to add
   * @return the old value
   */
  long getAndAdd(long delta);

  /**
   * Sets the value to {@code value} if it is {@code expected}, atomically.
   *
   * @param expected the value expected
   * @param value the new value
   * @return whether it was set
   */
  boolean compareAndSet(long expected, long value);

  /**
   * This value's own lock, as {@code Value.get_lock()}: for updates made of several steps.
   *
   * @return the lock
   * @throws UnsupportedOperationException if it was made without a lock ({@code lock=false})
   */
  Lock lock();
}
