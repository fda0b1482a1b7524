package dev.multitask.engine.pool;

import dev.multitask.spi.PoolWorker;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;

/**
 * One worker position of a pool and the thread that serves it: takes the next item, makes sure a
 * worker is there (starting one, with the initializer, when the last was lost or recycled), runs
 * the item on it and records the outcome.
 *
 * <p>An inline worker that a deadline gave up on leaves its thread stuck in the task: the slot is
 * then <em>abandoned</em> and a new slot with the same index takes its place; the old thread ends
 * whenever the task returns, without touching the pool again.
 */
final class Slot implements Runnable {
  final int index;
  private final PoolEngine engine;
  private PoolWorker worker; // the slot thread's
  private volatile PoolWorker running;
  private volatile WorkItem current;
  private volatile boolean abandoned;
  private volatile Thread thread;
  private final java.util.concurrent.atomic.AtomicBoolean counted =
      new java.util.concurrent.atomic.AtomicBoolean();
  private int tasks;

  /** The pieces of a chunk whose worker just died, to queue ahead of the rest of the batch. */
  private List<WorkItem> cut = List.of();

  Slot(PoolEngine engine, int index) {
    this.engine = engine;
    this.index = index;
  }

  void start() {
    thread = engine.workers.newThread(this, "multitask-pool-" + engine.number + "-worker-" + index);
  }

  @Override
  public void run() {
    try {
      startWorker(); // at once, as Python's Pool starts its processes: the first items find it
      // ready
      while (!abandoned) {
        WorkItem item;
        try {
          item = engine.queue.take();
        } catch (InterruptedException e) {
          if (engine.isTerminating()) {
            break;
          }
          continue;
        }
        if (item == null) {
          break;
        }
        runBatch(batch(item));
      }
    } finally {
      if (!abandoned) {
        PoolWorker w = worker;
        worker = null;
        if (w != null) {
          w.retire();
        }
      }
      endOnce();
    }
  }

  /**
   * {@code first} and, for a worker that takes items ahead, a fair share of what else is waiting.
   */
  private List<WorkItem> batch(WorkItem first) {
    PoolWorker w = worker;
    int depth = w != null && w.usable() && engine.itemsAreShort() ? w.prefetchDepth() : 0;
    int maxTasks = engine.options.maxTasksPerWorker();
    if (maxTasks > 0) {
      depth = Math.min(depth, maxTasks - tasks - 1); // never hand over items past its recycling
    }
    List<WorkItem> batch = new ArrayList<>(1 + Math.max(0, depth));
    batch.add(first);
    if (depth > 0) {
      batch.addAll(engine.queue.pollMore(depth, engine.workers()));
    }
    return batch;
  }

  private void runBatch(List<WorkItem> batch) {
    List<WorkItem> toRun = new ArrayList<>(batch.size());
    for (WorkItem item : batch) {
      if (!item.start(this)) {
        continue; // cancelled while queued
      }
      var banned = engine.quarantine.check(item.key);
      if (banned != null) {
        item.begin(index, 0, engine.clock());
        item.fail(banned);
        continue;
      }
      toRun.add(item);
    }
    if (toRun.size() > 1) {
      worker.prefetch(toRun); // batch() batches only for a ready worker that takes items ahead
    }
    for (int i = 0; i < toRun.size(); i++) {
      After after = execute(toRun.get(i));
      if (after
          != After.KEPT) { // what the lost worker never began goes back, after a chunk it died in
        List<WorkItem> back = new ArrayList<>(cut);
        cut = List.of();
        back.addAll(toRun.subList(after == After.NOT_STARTED ? i : i + 1, toRun.size()));
        putBack(back);
        return;
      }
    }
  }

  private void putBack(List<WorkItem> rest) {
    List<WorkItem> back = new ArrayList<>();
    for (WorkItem item : rest) {
      if (!item.isDone()) {
        back.add(item);
      }
    }
    if (engine.isTerminating()) {
      back.forEach(item -> item.future.forceCancel());
    } else {
      back.forEach(item -> item.future.requeue());
      engine.queue.putBack(back);
    }
  }

  /** What became of the slot's worker after an item. */
  private enum After {
    /** It ran the item and is still the slot's. */
    KEPT,
    /** It was lost (died, killed, recycled or abandoned) after beginning the item. */
    LOST,
    /** It was lost before it began the item, which is untouched. */
    NOT_STARTED
  }

  /** Runs one item and says what became of the worker. */
  private After execute(WorkItem item) {
    PoolWorker w;
    try {
      w = worker();
    } catch (InterruptedException e) {
      item.fail(new CancellationException("the pool was terminated before " + item + " started"));
      return After.LOST;
    } catch (RuntimeException e) {
      item.begin(index, 0, engine.clock());
      item.fail(e); // the initializer failed, or no worker could be started: this item cannot run
      return After.LOST;
    }
    long runStart = System.nanoTime();
    item.begin(index, w.pid(), engine.clock()); // after any JVM start: the timeline shows the run
    long deadline =
        item.deadline == null ? Long.MAX_VALUE : System.nanoTime() + item.deadline.toNanos();
    current = item;
    running = w;
    PoolWorker.Outcome outcome;
    try {
      outcome = w.run(item, deadline);
    } catch (InterruptedException e) { // terminate(): stop the item with its worker
      w.abort();
      item.fail(new CancellationException("the pool was terminated while " + item + " ran"));
      outcome = PoolWorker.Outcome.CANCELLED;
    } finally {
      running = null;
      current = null;
    }
    if (abandoned) {
      return After.LOST; // a deadline gave up on this thread; the replacement slot goes on
    }
    PoolWorker.Death death = outcome == PoolWorker.Outcome.DIED ? w.lastDeath() : null;
    if (death != null && !item.isDone()) { // its worker died in it: judged as Quarantine says
      if (item.isChunk()) {
        item.recordIfNone("worker died");
        cut = ChunkSplit.cut(engine, item, death);
      } else {
        engine.quarantine.taskDied(item.key, death);
        item.fail(death.failure());
      }
    }
    if (outcome != PoolWorker.Outcome.NOT_STARTED) {
      item.recordIfNone(
          "cancelled"); // the item recorded itself when it completed, unless a cancel came first
    }
    if (outcome == PoolWorker.Outcome.DONE) {
      engine.observeRun(System.nanoTime() - runStart);
      engine.quarantine.survived(item.key);
    }
    boolean kept = outcome == PoolWorker.Outcome.DONE && w.usable();
    if (!kept) {
      worker = null;
    } else if (engine.options.maxTasksPerWorker() > 0
        && ++tasks >= engine.options.maxTasksPerWorker()) {
      w.retire();
      worker = null;
    }
    if (worker == null && !engine.isEnding()) {
      startWorker(); // replace now, while the queue may be empty, so the next item finds it ready
    }
    return kept
        ? After.KEPT
        : outcome == PoolWorker.Outcome.NOT_STARTED ? After.NOT_STARTED : After.LOST;
  }

  private void startWorker() {
    try {
      worker();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt(); // terminated while starting: the loop ends
    } catch (RuntimeException e) {
      // an initializer that fails, or a JVM that cannot start: the first item reports it
    }
  }

  private PoolWorker worker() throws InterruptedException {
    if (worker == null || !worker.usable()) {
      worker = null;
      tasks = 0;
      worker = engine.workers.start(index);
    }
    return worker;
  }

  /** Stops {@code item} if this slot is running it now: cancel(true) or terminate. */
  void stopRunning(WorkItem item) {
    PoolWorker w = running;
    if (w != null && current == item) {
      w.abort();
    }
  }

  /**
   * A deadline or terminate() gave up on this inline slot's task: the slot no longer counts, a
   * replacement takes over (unless the pool is ending), and this thread ends when its task does.
   */
  void abandon() {
    abandoned = true;
    if (!engine.isTerminating()) {
      engine.replace(this);
    }
    endOnce();
  }

  private void endOnce() {
    if (counted.compareAndSet(false, true)) {
      engine.slotEnded();
    }
  }

  /** The slot's thread (an inline worker runs its items there), or null before it starts. */
  Thread thread() {
    return thread;
  }

  boolean isRunning() {
    return current != null;
  }

  /** terminate(): the running item's future is cancelled (its task is being stopped). */
  void cancelCurrent() {
    WorkItem item = current;
    if (item != null) {
      item.future.forceCancel();
    }
  }

  void interrupt() {
    Thread t = thread;
    if (t != null) {
      t.interrupt();
    }
  }
}
