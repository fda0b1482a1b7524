package dev.multitask.engine.pool;

import dev.multitask.Action;
import dev.multitask.Fn;
import dev.multitask.Task;
import dev.multitask.pool.InitializerFailedException;
import dev.multitask.pool.TaskTimeoutException;
import dev.multitask.spi.PoolWorker;
import dev.multitask.spi.PoolWorkers;
import dev.multitask.spi.WorkUnit;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The backend of thread and coroutine pools: each slot's thread is its worker and runs items
 * inline. A deadline interrupts the task and fails it at once; if the task ignores the interrupt,
 * its slot is abandoned to it and a new slot thread takes over. {@code cancel(true)} interrupts
 * (cooperative, as for thread jobs).
 */
public final class InlineWorkers implements PoolWorkers {
  /** One timer thread for every pool's deadlines: it only fails futures and interrupts. */
  private static final ScheduledExecutorService DEADLINES =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "multitask-pool-deadlines");
            t.setDaemon(true);
            return t;
          });

  private final boolean virtual;
  private final Action initializer;

  /**
   * @param virtual virtual threads (coroutines) rather than platform threads
   * @param initializer run once in each slot thread before its first item, or null
   */
  public InlineWorkers(boolean virtual, Action initializer) {
    this.virtual = virtual;
    this.initializer = initializer;
  }

  @Override
  public PoolWorker start(int slot) {
    if (initializer != null) {
      try {
        initializer.run();
      } catch (Exception e) {
        throw new InitializerFailedException(ProcessHandle.current().pid(), e);
      }
    }
    return new Inline(Thread.currentThread());
  }

  @Override
  public boolean abortStopsTheItem() {
    return false; // an interrupt asks, and the task may ignore it
  }

  @Override
  public Thread newThread(Runnable body, String name) {
    return (virtual ? Thread.ofVirtual() : Thread.ofPlatform().daemon(true)).name(name).start(body);
  }

  @Override
  public Object prepare(Task<?> task) {
    return task;
  }

  @Override
  public Object prepareFunction(Fn<?, ?> fn) {
    return fn;
  }

  @Override
  @SuppressWarnings("unchecked")
  public Object prepareChunk(Object function, long start, List<?> items) {
    // it runs later in a slot's thread: a snapshot of the items, not the caller's view
    return new ChunkTask(
        (Fn<Object, Object>) function, null, start, java.util.Arrays.asList(items.toArray()));
  }

  @Override
  public Object slice(Object preparedChunk, int from, int to) {
    return ((ChunkTask) preparedChunk).slice(from, to);
  }

  @Override
  public void close() {}

  /** The slot's own thread as a worker. */
  private static final class Inline implements PoolWorker {
    private final Thread thread;
    private volatile boolean lost;

    Inline(Thread thread) {
      this.thread = thread;
    }

    @Override
    public long pid() {
      return ProcessHandle.current().pid();
    }

    @Override
    public Outcome run(WorkUnit unit, long deadlineNanos) {
      WorkItem item = (WorkItem) unit; // the engine's own: inline workers run in its slots
      ScheduledFuture<?> timer =
          deadlineNanos == Long.MAX_VALUE
              ? null
              : DEADLINES.schedule(
                  () -> expire(item), deadlineNanos - System.nanoTime(), TimeUnit.NANOSECONDS);
      try {
        item.complete(((Task<?>) item.body()).call());
      } catch (Throwable t) {
        item.fail(t);
      } finally {
        if (timer != null) {
          timer.cancel(false);
        }
      }
      if (lost) {
        return Outcome.TIMED_OUT;
      }
      if (item.future.isCancelled()) {
        Thread.interrupted(); // a cancel(true) interrupt that the task did not consume is not the
        // next item's
        return Outcome.DONE;
      }
      return Outcome.DONE;
    }

    private void expire(WorkItem item) {
      if (item.fail(
          new TaskTimeoutException(
              item
                  + " passed its deadline of "
                  + item.deadline
                  + " and was interrupted; if it ignores the interrupt it keeps its thread, and the pool goes on with another",
              item.deadline))) {
        lost = true;
        thread.interrupt();
        Slot slot = item.slot();
        if (slot != null) {
          slot.abandon();
        }
      }
    }

    @Override
    public void abort() {
      thread.interrupt();
    }

    @Override
    public boolean usable() {
      return !lost;
    }

    @Override
    public void retire() {}
  }
}
