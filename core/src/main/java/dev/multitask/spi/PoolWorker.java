package dev.multitask.spi;

/**
 * One worker of a pool, as a backend makes it ({@link PoolWorkers#start}): a worker process, a
 * remote worker, or the slot's own thread. The pool engine, the same for every backend, calls it
 * from the slot's thread. States: starting → ready → running an item → ready … → lost (died, killed
 * for a deadline or a cancel, interrupted past help) or retired. A lost worker is replaced by a new
 * one.
 */
public interface PoolWorker {
  /** The outcome of one item. */
  enum Outcome {
    /** The item's future is completed with its result or its exception; the worker is ready. */
    DONE,
    /**
     * The worker died while running the item: the item is failed with a {@link
     * dev.multitask.pool.WorkerDiedException}, or, when it had begun there, left for the pool to
     * judge by {@link #lastDeath()} (its quarantine rule).
     */
    DIED,
    /** The item passed its deadline; it is failed and the worker is lost. */
    TIMED_OUT,
    /** The item was cancelled while running; the worker is lost. */
    CANCELLED,
    /**
     * The worker died before it began the item (it was handed over ahead, or sent as the worker was
     * dying); the item is untouched and goes back to the queue for another worker.
     */
    NOT_STARTED
  }

  /**
   * How a worker died while it ran an item it had begun: what the pool judges the death by (its
   * quarantine rule: a task that keeps killing workers by itself is set aside).
   *
   * @param failure the death as the item fails with it: the worker's pid, exit code or signal and
   *     last output
   * @param runningIndex for a map chunk, the index in the whole input of the item that was running;
   *     -1 if none had begun (the worker died setting the chunk up)
   * @param saidByWorker whether the worker's own report tells that its task caused it: it ran out
   *     of memory, or sent a frame over the limit (and was killed for it)
   */
  record Death(
      dev.multitask.pool.WorkerDiedException failure, long runningIndex, boolean saidByWorker) {}

  /**
   * The process the worker runs in.
   *
   * @return its pid
   */
  long pid();

  /**
   * The death behind the last {@link #run} that returned {@link Outcome#DIED} without failing its
   * item; null for workers that cannot die (threads).
   *
   * @return the last death, or null
   */
  default Death lastDeath() {
    return null;
  }

  /**
   * Runs {@code item} and completes its future, waiting at most until {@code deadlineNanos} (a
   * {@link System#nanoTime()} value, or {@link Long#MAX_VALUE}).
   *
   * @param item the unit to run
   * @param deadlineNanos when to stop waiting for it
   * @return how it went
   * @throws InterruptedException if the slot's thread is interrupted while it waits
   */
  Outcome run(WorkUnit item, long deadlineNanos) throws InterruptedException;

  /**
   * How many items may be handed to the worker ahead of the one it runs ({@link #prefetch}); 0 for
   * workers that run one at a time.
   *
   * @return how many units may wait in the worker
   */
  default int prefetchDepth() {
    return 0;
  }

  /**
   * Hands {@code items} to the worker now, to run in this order after the items handed before;
   * {@link #run} of each then only waits for it. Hides the round trip between items. Only for
   * workers with a {@link #prefetchDepth()} above 0.
   *
   * @param items the units, in the order they will run
   */
  default void prefetch(java.util.List<? extends WorkUnit> items) {
    throw new UnsupportedOperationException("this worker runs one item at a time");
  }

  /** Stops the item being run now, from another thread (cancel, terminate): the worker is lost. */
  void abort();

  /**
   * Whether the worker can take another item.
   *
   * @return true while it can
   */
  boolean usable();

  /** Lets an idle worker go (recycling, close). */
  void retire();
}
