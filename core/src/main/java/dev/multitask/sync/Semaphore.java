package dev.multitask.sync;

import java.time.Duration;

/**
 * A counting semaphore, as Python's {@code Semaphore(n)} / {@code BoundedSemaphore(n)}: acquire
 * takes a permit, waiting while there is none; release gives one back. A bounded semaphore refuses
 * to grow past its initial count ({@link IllegalStateException}: more releases than acquires, a bug
 * Python reports as {@code ValueError}).
 *
 * <p>Permits are not owned: any thread of any process may release, and the permits of a process
 * that dies holding them are not given back (as in Python).
 */
public interface Semaphore {
  /**
   * Takes a permit, waiting as long as it takes.
   *
   * @throws InterruptedException if interrupted while waiting; no permit is then taken
   */
  void acquire() throws InterruptedException;

  /**
   * Takes a permit if one is free now, without waiting.
   *
   * @return whether it took one
   */
  boolean tryAcquire();

  /**
   * Takes a permit, waiting at most {@code timeout}.
   *
   * @param timeout how long to wait at most
   * @return whether a permit was taken
   * @throws InterruptedException if interrupted while waiting; no permit is then taken
   * @throws IllegalArgumentException if {@code timeout} is negative
   */
  boolean tryAcquire(Duration timeout) throws InterruptedException;

  /**
   * Gives a permit back and wakes a waiter.
   *
   * @throws IllegalStateException if the semaphore is bounded and already has its initial count
   */
  void release();

  /**
   * Gives {@code permits} permits back at once, as Python's {@code release(n)}.
   *
   * @param permits how many
   * @throws IllegalArgumentException if {@code permits < 1}
   * @throws IllegalStateException if the semaphore is bounded and would pass its initial count;
   *     then none is released
   */
  void release(int permits);

  /**
   * Free permits now: a snapshot.
   *
   * @return the free permits
   */
  int availablePermits();

  /**
   * Takes a permit, waiting as long as it takes, and returns a {@link Hold} that gives it back:
   * Python's {@code with semaphore:}.
   *
   * @return the hold; close it to give the permit back
   * @throws InterruptedException if interrupted while waiting
   */
  Hold hold() throws InterruptedException;
}
