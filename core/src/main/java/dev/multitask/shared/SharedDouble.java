package dev.multitask.shared;

import dev.multitask.sync.Lock;

/**
 * A {@code double} shared between jobs, as Python's {@code Value('d', initial)}. Comparisons in
 * {@link #compareAndSet} are of the bits, as {@code Double.doubleToRawLongBits}.
 */
public interface SharedDouble {
  /**
   * The value (volatile read).
   *
   * @return the value
   */
  double get();

  /**
   * Sets the value (volatile write).
   *
   * @param value the new value
   */
  void set(double value);

  /**
   * Adds {@code delta} atomically (a compare-and-set loop).
   *
   * @param delta what to add
   * @return the new value
   */
  double addAndGet(double delta);

  /**
   * Sets the value to {@code value} if its bits are those of {@code expected}.
   *
   * @param expected the value expected
   * @param value the new value
   * @return whether it was set
   */
  boolean compareAndSet(double expected, double value);

  /**
   * This value's own lock, as {@code Value.get_lock()}.
   *
   * @return the lock
   * @throws UnsupportedOperationException if it was made without a lock ({@code lock=false})
   */
  Lock lock();
}
