package dev.multitask.sync;

import java.time.Duration;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.TimeoutException;

/**
 * A meeting point for a fixed number of parties, as Python's {@code Barrier(parties, action)}: each
 * {@link #await()} waits until {@code parties} jobs are waiting, then the action (if any) runs
 * once, in the last job to arrive, and all are released; the barrier is then ready for the next
 * round.
 *
 * <p>A barrier is <em>broken</em> by a timed-out {@code await}, by {@link #abort()}, by an
 * exception in the action, by the interrupt of a waiter, and (processes) by the death of a waiting
 * party's process: every waiter and every later {@code await} gets {@link BrokenBarrierException}
 * until {@link #reset()}.
 */
public interface Barrier {
  /**
   * Waits for the other parties.
   *
   * @return this party's arrival index in the round, {@code 0} (first) to {@code parties() - 1}
   *     (last, the one that ran the action): distinct for each party, as in Python
   * @throws BrokenBarrierException if the barrier is or becomes broken while waiting; its cause is
   *     the action's exception when the action broke it
   * @throws InterruptedException if interrupted while waiting; the barrier is then broken
   */
  int await() throws InterruptedException, BrokenBarrierException;

  /**
   * Waits at most {@code timeout} for the other parties.
   *
   * @param timeout how long to wait
   * @return this party's arrival index, as {@link #await()}
   * @throws TimeoutException if the time elapsed; the barrier is then broken for the others
   * @throws BrokenBarrierException if the barrier is or becomes broken while waiting
   * @throws InterruptedException if interrupted while waiting; the barrier is then broken
   * @throws IllegalArgumentException if {@code timeout} is negative
   */
  int await(Duration timeout) throws InterruptedException, BrokenBarrierException, TimeoutException;

  /**
   * Breaks the barrier: waiters and later arrivals get {@link BrokenBarrierException} until {@link
   * #reset()}.
   */
  void abort();

  /**
   * Mends a broken barrier for a new round; parties waiting now get {@link BrokenBarrierException}.
   */
  void reset();

  /**
   * Whether the barrier is broken.
   *
   * @return whether it is broken
   */
  boolean isBroken();

  /**
   * How many parties a round needs.
   *
   * @return the parties
   */
  int parties();

  /**
   * How many parties wait now: a snapshot.
   *
   * @return the parties waiting, 0 when broken
   */
  int numberWaiting();
}
