package dev.multitask.pool;

/**
 * The order in which a pool's waiting tasks reach free workers, in the scheduling vocabulary of
 * the tutorials. Ties keep submission order.
 */
public enum QueuePolicy {
  /** In submission order (the default, and Python's only order). */
  FIRST_COME_FIRST_SERVED,
  /** Lowest rank first, the rank being the priority given to {@link Pool#submit(dev.multitask.Task, long)}. */
  PRIORITY,
  /** Lowest rank first, the rank being the cost hint given to {@link Pool#submit(dev.multitask.Task, long)}. */
  SHORTEST_JOB_FIRST
}
