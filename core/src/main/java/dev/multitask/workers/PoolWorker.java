package dev.multitask.workers;

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
    /** The worker died while running the item; the item is failed with {@link dev.multitask.pool.WorkerDiedException}. */
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

  /** The process the worker runs in. */
  long pid();

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

    /** Releases what the backend holds once the pool has ended. */
    void close();
  }
}
