package dev.multitask.engine.pool;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A pool task's future, with Python's {@code Future.cancel()}: {@code cancel(false)} cancels a task
 * that no worker has taken yet and returns {@code false} once one has (the task runs on). {@code
 * cancel(true)} also stops a running task (kills its worker process, or interrupts its thread),
 * where a plain {@link CompletableFuture} would only stop waiting for it.
 *
 * <p>A slot {@link #start() starts} the future before running its item; the start and a {@code
 * cancel(false)} race on one atomic stage, so exactly one of them wins.
 *
 * @param <T> the result type
 */
final class TaskFuture<T> extends CompletableFuture<T> {
  private static final int QUEUED = 0;
  private static final int STARTED = 1;
  private static final int WITHDRAWN = 2;

  private final PoolEngine engine;
  private final WorkItem item;
  private final AtomicInteger stage = new AtomicInteger(QUEUED);

  TaskFuture(PoolEngine engine, WorkItem item) {
    this.engine = engine;
    this.item = item;
  }

  @Override
  public boolean cancel(boolean mayInterruptIfRunning) {
    boolean cancelled;
    if (mayInterruptIfRunning) {
      cancelled = super.cancel(true);
      if (cancelled) {
        engine.stopRunning(item);
      }
    } else if (stage.compareAndSet(QUEUED, WITHDRAWN) || stage.get() == WITHDRAWN) {
      cancelled = super.cancel(false);
    } else {
      return isCancelled(); // running or done: not cancelled now, as Python's cancel() says
    }
    java.util.List<WorkItem> pieces = item.pieces();
    if (cancelled && pieces != null) { // a chunk cut after its worker died runs on in its pieces
      pieces.forEach(piece -> piece.future.cancel(mayInterruptIfRunning));
    }
    return cancelled;
  }

  /** A slot takes the item: false if it was cancelled (or completed) while queued. */
  boolean start() {
    return stage.compareAndSet(QUEUED, STARTED) && !isDone();
  }

  /**
   * A slot hands a started item back to the queue, where {@code cancel(false)} may take it again.
   */
  void requeue() {
    stage.compareAndSet(STARTED, QUEUED);
  }

  /**
   * Cancels whatever the stage, for the pool's own stops (terminate) that need no worker killed.
   */
  boolean forceCancel() {
    return super.cancel(false);
  }

  @Override
  public <U> CompletableFuture<U> newIncompleteFuture() {
    return new CompletableFuture<>(); // dependents are plain futures: cancelling them stops nothing
  }
}
