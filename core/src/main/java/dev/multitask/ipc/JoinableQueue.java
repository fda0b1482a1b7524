package dev.multitask.ipc;

import java.time.Duration;

/**
 * A {@link Queue} that counts unfinished elements, as Python's {@code JoinableQueue}: every element
 * put adds one, every {@link #taskDone()} removes one, and {@link #join()} waits until the count is
 * zero, that is until every element put so far has been taken and reported done.
 *
 * @param <T> the element type
 */
public interface JoinableQueue<T> extends Queue<T> {

  /**
   * Reports that an element taken from this queue has been processed.
   *
   * @throws IllegalStateException if called more times than elements were put
   */
  void taskDone();

  /**
   * Waits until every element put so far has been reported done with {@link #taskDone()}.
   *
   * @throws InterruptedException if interrupted while waiting
   */
  void join() throws InterruptedException;

  /**
   * Waits up to {@code timeout} until every element put so far has been reported done.
   *
   * @param timeout how long to wait at most
   * @return true if all were done, false if the time ran out
   * @throws InterruptedException if interrupted while waiting
   * @throws IllegalArgumentException if {@code timeout} is negative
   */
  boolean join(Duration timeout) throws InterruptedException;

  /**
   * Elements put and not yet reported done: a snapshot.
   *
   * @return the count
   */
  long unfinishedTasks();
}
