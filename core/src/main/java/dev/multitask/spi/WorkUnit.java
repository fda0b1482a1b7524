package dev.multitask.spi;

import java.time.Duration;

/**
 * One queued unit of a pool as its worker sees it: a submitted task or a chunk of a map, in the
 * form the backend prepared ({@link PoolWorkers#prepare}, {@link PoolWorkers#prepareChunk}). The
 * worker completes it exactly once, with a result or a failure; later completions are ignored.
 */
public interface WorkUnit {
  /**
   * Identifies the unit within its pool.
   *
   * @return a number unique within the pool, in submission order
   */
  long id();

  /**
   * What the backend prepared.
   *
   * @return the task or chunk to run, as {@link PoolWorkers} made it
   */
  Object body();

  /**
   * The unit's deadline: past it the worker is stopped and the unit fails.
   *
   * @return the deadline, or null for none
   */
  Duration deadline();

  /**
   * Completes the unit with its result.
   *
   * @param value the result
   * @return whether this call completed it (false: cancelled or done before)
   */
  boolean complete(Object value);

  /**
   * Completes the unit with a failure.
   *
   * @param failure what it failed with
   * @return whether this call completed it
   */
  boolean fail(Throwable failure);

  /**
   * Whether the unit is completed or cancelled.
   *
   * @return true once it is
   */
  boolean isDone();

  /**
   * Counts one worker that died before it began the unit.
   *
   * @return how many have, this one included
   */
  int lostStart();
}
