package dev.multitask.pool;

/**
 * The order in which a pool's waiting tasks reach free workers, in the scheduling vocabulary of the
 * tutorials (see {@code multitask sched} for the algorithms themselves). A task's place is decided
 * when it is submitted; ties keep submission order. Each policy orders by one thing:
 *
 * <ul>
 *   <li>{@link #FIRST_COME_FIRST_SERVED}: submission order; ranks are ignored.
 *   <li>{@link #PRIORITY}: the rank given to {@link Pool#submit(dev.multitask.Task, long)}, lowest
 *       first, and nothing else; a task submitted without one has rank 0.
 *   <li>{@link #SHORTEST_JOB_FIRST}: the expected run time in nanoseconds, shortest first: the cost
 *       hint given to {@link Pool#submit(dev.multitask.Task, long)}, or for a task submitted
 *       without one (plain {@code submit}, a deadline, {@code map} chunks) the run time predicted
 *       for its kind (its class, so one lambda expression is one kind) from the measured run times
 *       of the earlier tasks of that kind that returned normally, by the textbook's exponential
 *       average {@code τ(n+1) = α·t(n) + (1 − α)·τ(n)} with {@code α = 1/2}. The first measured run
 *       is the first prediction; a kind never measured yet is predicted to take 0, so it runs early
 *       and is measured soon. A task that has returned has taught the pool its run time before its
 *       future completes. Shortest-first can starve long tasks while shorter ones keep coming.
 * </ul>
 */
public enum QueuePolicy {
  /** In submission order (the default, and Python's only order). */
  FIRST_COME_FIRST_SERVED,
  /**
   * Strictly the lowest rank first (a priority: lower is more urgent); ties in submission order.
   */
  PRIORITY,
  /**
   * The shortest expected run time first: the cost hint in nanoseconds when one is given, else the
   * run time learned for the task's kind; ties in submission order.
   */
  SHORTEST_JOB_FIRST
}
