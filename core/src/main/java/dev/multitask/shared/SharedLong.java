package dev.multitask.shared;

import dev.multitask.sync.Lock;

/**
 * A {@code long} shared between jobs, as Python's {@code Value('q', initial)}, with atomic
 * operations Python lacks: {@code counter.addAndGet(1)} needs no lock, even across processes.
 */
public interface SharedLong {
  /** The value (volatile read). */
  long get();

  /** Sets the value (volatile write). */
  void set(long value);

  /** Adds {@code delta} atomically and returns the new value. */
  long addAndGet(long delta);

  /** Adds {@code delta} atomically and returns the old value. */
  long getAndAdd(long delta);

  /** Sets the value to {@code value} if it is {@code expected}, atomically; returns whether it did. */
  boolean compareAndSet(long expected, long value);

  /** This value's own lock, as {@code Value.get_lock()}: for updates made of several steps. */
  Lock lock();
}
