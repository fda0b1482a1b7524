package dev.multitask.sync;

import java.time.Duration;

/**
 * A flag jobs wait on, as Python's {@code Event}: {@link #set()} wakes every waiter and lets later
 * ones through until {@link #clear()}.
 *
 * <p>Memory consistency effects: actions before {@code set} happen-before the return of an {@code
 * await} that saw the flag set.
 */
public interface Event {
  /** Sets the flag and wakes every waiter. */
  void set();

  /** Clears the flag; later waiters wait for the next {@link #set()}. */
  void clear();

  /**
   * Whether the flag is set now.
   *
   * @return the flag
   */
  boolean isSet();

  /**
   * Waits until the flag is set.
   *
   * @throws InterruptedException if interrupted while waiting
   */
  void await() throws InterruptedException;

  /**
   * Waits at most {@code timeout} for the flag, as Python's {@code wait(timeout)}.
   *
   * @param timeout how long to wait at most
   * @return the flag when the wait ended: {@code false} means it timed out
   * @throws InterruptedException if interrupted while waiting
   * @throws IllegalArgumentException if {@code timeout} is negative
   */
  boolean await(Duration timeout) throws InterruptedException;
}
