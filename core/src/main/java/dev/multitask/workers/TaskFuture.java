package dev.multitask.workers;

import java.util.concurrent.CompletableFuture;

/**
 * A pool task's future: {@code cancel(true)} on a running task also stops it (kills its worker
 * process, or interrupts its thread), where a plain {@link CompletableFuture} would only stop
 * waiting for it.
 *
 * @param <T> the result type
 */
final class TaskFuture<T> extends CompletableFuture<T> {
  private final PoolEngine engine;
  private final WorkItem item;

  TaskFuture(PoolEngine engine, WorkItem item) {
    this.engine = engine;
    this.item = item;
  }

  @Override
  public boolean cancel(boolean mayInterruptIfRunning) {
    boolean cancelled = super.cancel(mayInterruptIfRunning);
    if (cancelled && mayInterruptIfRunning) {
      engine.stopRunning(item);
    }
    java.util.List<WorkItem> pieces = item.pieces();
    if (cancelled && pieces != null) { // a chunk cut after its worker died runs on in its pieces
      pieces.forEach(piece -> piece.future.cancel(mayInterruptIfRunning));
    }
    return cancelled;
  }

  @Override
  public <U> CompletableFuture<U> newIncompleteFuture() {
    return new CompletableFuture<>(); // dependents are plain futures: cancelling them stops nothing
  }
}
