package dev.multitask.sync;

import dev.multitask.spi.Timeouts;
import java.time.Duration;
import java.util.Date;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * A condition variable bound to a {@link Lock} or {@link RLock}, as Python's {@code Condition}; a
 * {@link java.util.concurrent.locks.Condition}. The caller of every method must hold the lock
 * ({@link IllegalMonitorStateException} otherwise); {@code await} releases it while waiting (an
 * {@link RLock} entirely, whatever its hold count) and holds it again when it returns, also when it
 * throws.
 *
 * <p>As with every condition variable a waiter may wake without a signal: wait for a predicate, as
 * {@link #awaitFor} does. A signal wakes only waiters that are still alive: a waiter whose process
 * died does not swallow it.
 */
public interface Condition extends java.util.concurrent.locks.Condition {
  /**
   * The lock this condition is bound to: hold it around {@code await} and {@code signal}, as
   * Python's {@code with condition:} does.
   *
   * @return the lock
   */
  Lock lock();

  /**
   * Locks the condition's lock, as Python's {@code with condition:}.
   *
   * @return a hold whose close unlocks
   */
  default Hold hold() {
    return lock().hold();
  }

  /**
   * Waits at most {@code timeout} for a signal.
   *
   * @param timeout how long to wait
   * @return {@code false} if the time elapsed, {@code true} if woken before
   * @throws InterruptedException if interrupted while waiting (the lock is held again)
   * @throws IllegalArgumentException if {@code timeout} is negative
   * @throws IllegalMonitorStateException if the caller does not hold the lock
   */
  boolean await(Duration timeout) throws InterruptedException;

  /**
   * Waits until {@code predicate} is true, at most {@code timeout}, as Python's {@code
   * wait_for(predicate, timeout)}; the predicate runs with the lock held.
   *
   * @param predicate the condition waited for
   * @param timeout how long to wait at most
   * @return the predicate's last value
   * @throws InterruptedException if interrupted while waiting (the lock is held again)
   * @throws IllegalMonitorStateException if the caller does not hold the lock
   */
  default boolean awaitFor(BooleanSupplier predicate, Duration timeout)
      throws InterruptedException {
    if (predicate == null || timeout == null) {
      throw new NullPointerException(
          "awaitFor needs a predicate and a timeout: predicate="
              + predicate
              + ", timeout="
              + timeout);
    }
    checkHeld(this);
    long start = System.nanoTime();
    long total = Timeouts.nanos(timeout);
    boolean result = predicate.getAsBoolean();
    while (!result) {
      long remaining = total - (System.nanoTime() - start);
      if (remaining <= 0) {
        break;
      }
      await(Duration.ofNanos(remaining));
      result = predicate.getAsBoolean();
    }
    return result;
  }

  /**
   * Waits until {@code predicate} is true, as Python's {@code wait_for(predicate)}.
   *
   * @param predicate the condition waited for
   * @throws InterruptedException if interrupted while waiting (the lock is held again)
   * @throws IllegalMonitorStateException if the caller does not hold the lock
   */
  default void awaitFor(BooleanSupplier predicate) throws InterruptedException {
    if (predicate == null) {
      throw new NullPointerException("awaitFor needs a predicate");
    }
    checkHeld(this);
    while (!predicate.getAsBoolean()) {
      await();
    }
  }

  /**
   * Wakes the {@code n} longest-waiting waiters, or every waiter if fewer wait, as Python's {@code
   * notify(n)}: exactly that many {@code await} calls return {@code true} because of it. {@link
   * #signal()} is {@code signal(1)} and {@link #signalAll()} wakes every waiter.
   *
   * @param n how many waiters to wake, {@code >= 0} (0 wakes none)
   * @throws IllegalArgumentException if {@code n} is negative
   * @throws IllegalMonitorStateException if the caller does not hold the lock
   */
  void signal(int n);

  private static void checkHeld(Condition condition) {
    if (!condition.lock().isHeldByCurrentThread()) {
      throw new IllegalMonitorStateException(
          "the calling thread must hold " + condition.lock() + " to wait on its condition");
    }
  }

  @Override
  default long awaitNanos(long nanosTimeout) throws InterruptedException {
    long start = System.nanoTime();
    await(Duration.ofNanos(Math.max(0, nanosTimeout)));
    return nanosTimeout - (System.nanoTime() - start);
  }

  @Override
  default boolean await(long time, TimeUnit unit) throws InterruptedException {
    return await(Duration.of(Math.max(0, time), unit.toChronoUnit()));
  }

  @Override
  default boolean awaitUntil(Date deadline) throws InterruptedException {
    return await(Duration.ofMillis(Math.max(0, deadline.getTime() - System.currentTimeMillis())));
  }

  @Override
  default void awaitUninterruptibly() {
    dev.multitask.spi.Uninterruptibly.run(this::await);
  }
}
