package dev.multitask.engine.pool;

import dev.multitask.Action;
import dev.multitask.Fn;
import dev.multitask.Task;
import dev.multitask.pool.Pool;
import dev.multitask.pool.PoolOptions;
import dev.multitask.pool.QueuePolicy;
import dev.multitask.pool.Timeline;
import dev.multitask.spi.ActionTask;
import dev.multitask.spi.PoolWorkers;
import dev.multitask.spi.Uninterruptibly;
import dev.multitask.trace.Recorder;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * {@link Pool} for every backend: the queue, the slots, the lifecycle and the records.
 *
 * <p>States: OPEN (takes work) → CLOSING ({@link #close()}: the queue takes nothing new and hands
 * out what it has; slots end when it is empty) or TERMINATING ({@link #terminate()}: queued items
 * are cancelled, running ones stopped) → ENDED (every slot thread has ended; the backend is
 * released).
 */
public final class PoolEngine implements Pool {
  private static final AtomicInteger NUMBERS = new AtomicInteger();
  private static final int TIMELINE_LIMIT = 100_000;

  /** Items that run shorter than this, typically, are handed to process workers ahead. */
  private static final long SHORT_ITEM_NANOS = 2_000_000;

  private static final int OPEN = 0, CLOSING = 1, TERMINATING = 2, ENDED = 3;

  final PoolOptions options;
  final PoolWorkers workers;
  final WorkQueue queue;
  final Quarantine quarantine = new Quarantine();
  final int number = NUMBERS.incrementAndGet();
  private final Slot[] slots;
  private final AtomicLong ids = new AtomicLong();

  /** Numbers the map, mapAsync and imap calls, for their progress reports. */
  final AtomicLong mapCalls = new AtomicLong();

  /** Held while the progress listener runs, so that its reports never overlap. */
  final ReentrantLock progressLock = new ReentrantLock();

  private final long startNanos = System.nanoTime();
  private final ArrayDeque<Timeline.Entry> timeline = new ArrayDeque<>();
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition ended = lock.newCondition();
  private int liveSlots; // guarded by lock
  private volatile int state = OPEN;
  private volatile boolean terminated;

  /**
   * How long items of this pool take to run, on average (exponentially weighted); -1 before any.
   */
  private volatile long typicalRunNanos = -1;

  /** The predicted run time of each kind of item, for shortest-job-first; null under others. */
  private final RunTimes runTimes;

  /**
   * Makes the pool and starts its slots; their workers start in the slots' threads.
   *
   * @param options the options
   * @param workers how the backend makes and feeds workers
   */
  public PoolEngine(PoolOptions options, PoolWorkers workers) {
    this.options = options;
    this.workers = workers;
    this.queue = new WorkQueue(options.policy());
    this.runTimes = options.policy() == QueuePolicy.SHORTEST_JOB_FIRST ? new RunTimes() : null;
    this.slots = new Slot[options.workers()];
    lock.lock();
    try {
      liveSlots = slots.length;
    } finally {
      lock.unlock();
    }
    for (int i = 0; i < slots.length; i++) {
      slots[i] = new Slot(this, i);
      slots[i].start();
    }
  }

  // ---- submitting

  @Override
  public <R> CompletableFuture<R> submit(Task<R> task) {
    return enqueue(task, null, options.deadline());
  }

  @Override
  @SuppressWarnings("unchecked")
  public CompletableFuture<Void> submit(Action action) {
    Objects.requireNonNull(action, "action");
    // quarantined by the action's own class, not the wrapper's
    Object body = workers.prepare(new ActionTask(action));
    return (CompletableFuture<Void>)
        (CompletableFuture<?>)
            enqueue(body, null, options.deadline(), "submit", action.getClass().getName());
  }

  @Override
  public <R> CompletableFuture<R> submit(Task<R> task, Duration deadline) {
    Objects.requireNonNull(deadline, "deadline: pass a positive duration, or use submit(task)");
    if (deadline.isNegative() || deadline.isZero()) {
      throw new IllegalArgumentException("deadline must be positive: " + deadline);
    }
    return enqueue(task, null, deadline);
  }

  @Override
  public <R> CompletableFuture<R> submit(Task<R> task, long rank) {
    return enqueue(task, rank, options.deadline());
  }

  @Override
  public <R> CompletableFuture<R> applyAsync(
      Task<R> task, Consumer<? super R> onSuccess, Consumer<? super Throwable> onError) {
    Objects.requireNonNull(onSuccess, "onSuccess");
    Objects.requireNonNull(onError, "onError");
    CompletableFuture<R> future = submit(task);
    future.whenComplete(
        (result, failure) -> {
          try {
            if (failure == null) {
              onSuccess.accept(result);
            } else {
              onError.accept(
                  failure instanceof CompletionException c && c.getCause() != null
                      ? c.getCause()
                      : failure);
            }
          } catch (Throwable t) {
            System.err.println(
                "multitask pool: a callback of "
                    + task
                    + " threw (ignored, the pool goes on): "
                    + t);
            t.printStackTrace();
          }
        });
    return future;
  }

  @SuppressWarnings("unchecked")
  private <R> CompletableFuture<R> enqueue(Task<R> task, Long rank, Duration deadline) {
    Objects.requireNonNull(task, "task");
    return (CompletableFuture<R>)
        enqueue(workers.prepare(task), rank, deadline, "submit", task.getClass().getName());
  }

  /**
   * Queues a prepared body. {@code rank} is the caller's, or null for none: then 0, or under
   * shortest-job-first the predicted run time of the body's kind, {@code key}.
   */
  TaskFuture<Object> enqueue(Object body, Long rank, Duration deadline, String label, String key) {
    return enqueue(body, rank, deadline, label, key, -1, 0);
  }

  /**
   * Queues a prepared body, ranked as {@link #enqueue(Object, Long, Duration, String, String)}
   * does; for {@link MapCalls}, a chunk of {@code chunkSize} items from index {@code chunkStart} of
   * the input.
   */
  TaskFuture<Object> enqueue(
      Object body,
      Long rank,
      Duration deadline,
      String label,
      String key,
      long chunkStart,
      int chunkSize) {
    if (state != OPEN) {
      throw new java.util.concurrent.RejectedExecutionException(
          "the pool is "
              + (terminated ? "terminated" : "closed")
              + ": make a new pool to run more tasks");
    }
    long effective = rank != null ? rank : runTimes == null ? 0 : runTimes.predict(key);
    WorkItem item =
        new WorkItem(
            this,
            ids.incrementAndGet(),
            body,
            effective,
            deadline,
            label,
            key,
            chunkStart,
            chunkSize);
    queue.add(item);
    return item.future;
  }

  /**
   * Items {@code from} to {@code to} (exclusive, counted from its start) of {@code chunk}, as a new
   * chunk to run in their place; not queued.
   */
  WorkItem piece(WorkItem chunk, int from, int to) {
    long first = chunk.chunkStart + from;
    String label =
        to - from == 1
            ? "map[" + first + "]"
            : "map[" + first + ".." + (first + to - from - 1) + "]";
    return new WorkItem(
        this,
        ids.incrementAndGet(),
        workers.slice(chunk.body, from, to),
        chunk.rank,
        chunk.deadline,
        label,
        chunk.key,
        first,
        to - from);
  }

  // ---- maps

  @Override
  public <T, R> List<R> map(Fn<T, R> fn, Iterable<T> items) throws InterruptedException {
    return MapCalls.map(this, fn, items, 0);
  }

  @Override
  public <T, R> List<R> map(Fn<T, R> fn, Iterable<T> items, int chunkSize)
      throws InterruptedException {
    MapCalls.checkChunkSize(chunkSize);
    return MapCalls.map(this, fn, items, chunkSize);
  }

  @Override
  public <T, R> List<R> map(Fn<T, R> fn, Iterable<T> items, Duration timeout)
      throws InterruptedException, TimeoutException {
    Objects.requireNonNull(timeout, "timeout: pass how long map may take, or call map(fn, items)");
    return MapCalls.map(this, fn, items, 0, timeout);
  }

  @Override
  public <T, R> CompletableFuture<List<R>> mapAsync(Fn<T, R> fn, Iterable<T> items) {
    return MapCalls.mapAsync(this, fn, items, 0);
  }

  @Override
  public <T, R> CompletableFuture<List<R>> mapAsync(Fn<T, R> fn, Iterable<T> items, int chunkSize) {
    MapCalls.checkChunkSize(chunkSize);
    return MapCalls.mapAsync(this, fn, items, chunkSize);
  }

  @Override
  public <T, R> Stream<R> imap(Fn<T, R> fn, Iterable<T> items) {
    return MapCalls.imap(this, fn, items, 1, true);
  }

  @Override
  public <T, R> Stream<R> imap(Fn<T, R> fn, Iterable<T> items, int chunkSize) {
    MapCalls.checkChunkSize(chunkSize);
    return MapCalls.imap(this, fn, items, chunkSize, true);
  }

  @Override
  public <T, R> Stream<R> imapUnordered(Fn<T, R> fn, Iterable<T> items) {
    return MapCalls.imap(this, fn, items, 1, false);
  }

  @Override
  public <T, R> Stream<R> imapUnordered(Fn<T, R> fn, Iterable<T> items, int chunkSize) {
    MapCalls.checkChunkSize(chunkSize);
    return MapCalls.imap(this, fn, items, chunkSize, false);
  }

  // ---- running

  /** cancel(true) of a running item: stop it where it runs. */
  void stopRunning(WorkItem item) {
    Slot slot = item.slot();
    if (slot != null) {
      slot.stopRunning(item);
    }
  }

  /** An abandoned slot's replacement takes its index. */
  void replace(Slot old) {
    lock.lock();
    try {
      liveSlots++;
    } finally {
      lock.unlock();
    }
    Slot next = new Slot(this, old.index);
    slots[old.index] = next;
    next.start();
  }

  void slotEnded() {
    lock.lock();
    try {
      if (--liveSlots == 0) {
        state = ENDED;
        ended.signalAll();
      }
    } finally {
      lock.unlock();
    }
    if (state == ENDED) {
      workers.close();
    }
  }

  long clock() {
    return System.nanoTime() - startNanos;
  }

  /**
   * Records an item's run in the timeline and, under shortest-job-first, the run time of its kind
   * when it returned normally; before its future completes, so that whoever sees the result of a
   * task also sees what its run taught the queue.
   */
  void record(WorkItem item, int worker, long pid, long started, long ended, String outcome) {
    if (runTimes != null && outcome.equals("ok")) {
      runTimes.observe(item.key, ended - started);
    }
    var entry = new Timeline.Entry(item.id, item.label, worker, pid, started, ended, outcome);
    synchronized (timeline) {
      if (timeline.size() == TIMELINE_LIMIT) {
        timeline.pollFirst();
      }
      timeline.addLast(entry);
    }
    if (Recorder.isOn()) {
      Slot slot = item.slot();
      Recorder.poolTask(
          "pool-" + number,
          item.label,
          item.id,
          worker,
          pid,
          slot == null ? null : slot.thread(),
          startNanos + started,
          startNanos + ended,
          outcome);
    }
  }

  /** A slot saw an item run for {@code nanos}. Races between slots lose a sample, which is fine. */
  void observeRun(long nanos) {
    long typical = typicalRunNanos;
    typicalRunNanos = typical < 0 ? nanos : typical + (nanos - typical) / 8;
  }

  /**
   * Whether items are short enough to hand to workers ahead of time: a worker that holds items
   * behind a long one would break the queue's order and leave other workers idle.
   */
  boolean itemsAreShort() {
    long typical = typicalRunNanos;
    return typical >= 0 && typical < SHORT_ITEM_NANOS;
  }

  boolean isTerminating() {
    return state >= TERMINATING;
  }

  boolean isEnding() {
    return state != OPEN;
  }

  // ---- the pool's state

  @Override
  public int workers() {
    return slots.length;
  }

  @Override
  public Timeline timeline() {
    synchronized (timeline) {
      return new Timeline(new ArrayList<>(timeline));
    }
  }

  @Override
  public void releaseQuarantine() {
    quarantine.release();
  }

  @Override
  public void close() {
    shutdown(false);
  }

  @Override
  public void shutdown(boolean cancelFutures) {
    lock.lock();
    try {
      if (state == OPEN) {
        state = CLOSING;
      }
    } finally {
      lock.unlock();
    }
    queue.close();
    if (cancelFutures) {
      for (WorkItem item : queue.drain()) {
        item.future.cancel(false); // queued: never taken, so the cancel wins
      }
    }
    try {
      join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void terminate() {
    lock.lock();
    try {
      if (state == ENDED || state == TERMINATING) {
        return;
      }
      state = TERMINATING;
      terminated = true;
    } finally {
      lock.unlock();
    }
    queue.close();
    for (WorkItem item : queue.drain()) {
      item.future.forceCancel();
    }
    for (Slot slot : slots) {
      slot.cancelCurrent();
      slot.interrupt(); // a slot waiting for its item's result stops it (Slot.execute)
      if (!workers.abortStopsTheItem() && slot.isRunning()) {
        slot.abandon(); // an inline task that ignores the interrupt must not hold terminate() up
      }
    }
    Uninterruptibly.run(this::join);
  }

  @Override
  public void join() throws InterruptedException {
    lock.lockInterruptibly();
    try {
      if (state == OPEN) {
        throw new IllegalStateException(
            "join() before close() or terminate() would wait forever: close the pool first");
      }
      while (state != ENDED) {
        ended.await();
      }
    } finally {
      lock.unlock();
    }
  }

  @Override
  public String toString() {
    return "Pool-"
        + number
        + "["
        + slots.length
        + " workers, "
        + queue.size()
        + " queued, "
        + switch (state) {
          case OPEN -> "open";
          case CLOSING -> "closing";
          case TERMINATING -> "terminating";
          default -> "ended";
        }
        + "]";
  }
}
