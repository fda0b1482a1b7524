package dev.multitask.engine.pool;

/**
 * Where a slot runs its items: a worker process, or the slot's own thread. States: starting (in
 * {@link Backend#start}) → ready → running an item → ready … → lost (died, killed for a deadline or
 * a cancel, interrupted past help) or retired. A lost worker is replaced by a new one.
 */
public interface PoolWorker {
  /** The outcome of one item. */
  enum Outcome {
    /** The item's future is completed with its result or its exception; the worker is ready. */
    DONE,
    /**
     * The worker died while running the item: the item is failed with a
     * {@link dev.multitask.pool.WorkerDiedException}, or, when it had begun there, left for the
     * pool to judge by {@link #lastDeath()} ({@link Quarantine}).
     */
    DIED,
    /** The item passed its deadline; it is failed and the worker is lost. */
    TIMED_OUT,
    /** The item was cancelled while running; the worker is lost. */
    CANCELLED,
    /**
     * The worker died before it began the item (it was handed over ahead, or sent as the worker
     * was dying); the item is untouched and goes back to the queue for another worker.
     */
    NOT_STARTED
  }

  /**
   * How a worker died while it ran an item it had begun: what the pool judges the death by
   * ({@link Quarantine}).
   *
   * @param failure the death as the item fails with it: the worker's pid, exit code or signal and
   *     last output
   * @param runningIndex for a map chunk, the index in the whole input of the item that was
   *     running; -1 if none had begun (the worker died setting the chunk up)
   * @param saidByWorker whether the worker's own report tells that its task caused it: it ran out
   *     of memory, or sent a frame over the limit (and was killed for it)
   */
  record Death(
      dev.multitask.pool.WorkerDiedException failure, long runningIndex, boolean saidByWorker) {}

  /** The process the worker runs in. */
  long pid();

  /**
   * The death behind the last {@link #run} that returned {@link Outcome#DIED} without failing its
   * item; null for workers that cannot die (threads).
   */
  default Death lastDeath() {
    return null;
  }

  /**
   * Runs {@code item} and completes its future, waiting at most until {@code deadlineNanos} (a
   * {@link System#nanoTime()} value, or {@link Long#MAX_VALUE}).
   */
  Outcome run(WorkItem item, long deadlineNanos) throws InterruptedException;

  /**
   * How many items may be handed to the worker ahead of the one it runs ({@link #prefetch}); 0 for
   * workers that run one at a time.
   */
  default int prefetchDepth() {
    return 0;
  }

  /**
   * Hands {@code items} to the worker now, to run in this order after the items handed before;
   * {@link #run} of each then only waits for it. Hides the round trip between items. Only for workers with
   * a {@link #prefetchDepth()} above 0.
   */
  default void prefetch(java.util.List<WorkItem> items) {
    throw new UnsupportedOperationException("this worker runs one item at a time");
  }

  /** Stops the item being run now, from another thread (cancel, terminate): the worker is lost. */
  void abort();

  /** Whether the worker can take another item. */
  boolean usable();

  /** Lets an idle worker go (recycling, close). */
  void retire();

  /** How the pool's workers are made: one implementation per backend. */
  interface Backend {
    /**
     * Starts a worker for slot {@code slot} and runs the pool's initializer in it.
     *
     * @throws dev.multitask.pool.InitializerFailedException if the initializer threw; the worker is already gone
     */
    PoolWorker start(int slot) throws InterruptedException;

    /** Whether items run inline on the slot's thread (threads, coroutines) rather than in a process. */
    boolean inline();

    /** Makes the thread of a slot. */
    Thread newThread(Runnable body, String name);

    /** Encodes a task for the workers, in the submitting thread; identity for inline backends. */
    Object prepare(dev.multitask.Task<?> task);

    /**
     * Items {@code from} (inclusive) to {@code to} (exclusive) of a map chunk that {@link #prepare}
     * made, as a chunk of their own, made the same way.
     */
    Object slice(Object preparedChunk, int from, int to);

    /** Releases what the backend holds once the pool has ended. */
    void close();
  }
}
