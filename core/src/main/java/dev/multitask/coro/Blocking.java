package dev.multitask.coro;

import dev.multitask.Task;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicReference;

/** Awaiting a {@link CompletableFuture}, and running blocking code off the loop. */
final class Blocking {
  private Blocking() {}

  static <T> T await(CompletableFuture<T> future, long timeoutNanos, Duration timeout) {
    Objects.requireNonNull(future, "future");
    Fiber me = Fiber.current("Coroutines.await");
    me.throwIfCancelled();
    long deadline = System.nanoTime() + Math.max(0, timeoutNanos);
    while (!future.isDone()) {
      long seq = me.beginWait(future, Fiber.THROW);
      future.whenComplete((r, e) -> me.tryWake(seq, Fiber.WOKEN));
      long left = timeoutNanos < 0 ? -1 : Math.max(0, deadline - System.nanoTime());
      int reason = me.park(seq, left);
      if (future.isDone()) {
        break; // completion wins
      }
      if (reason == Fiber.TIMED_OUT) {
        throw new CoroutineTimeoutException(
            "the future was not done within " + timeout + ": " + future);
      }
      me.throwIfCancelled();
    }
    return future.join();
  }

  static <R> R run(Executor executor, Task<R> task) {
    Objects.requireNonNull(task, "task");
    Fiber me = Fiber.current(executor == null ? "Coroutines.toThread" : "Coroutines.runInExecutor");
    me.throwIfCancelled();
    CompletableFuture<R> done = new CompletableFuture<>();
    AtomicReference<Thread> worker = new AtomicReference<>();
    Runnable run =
        () -> {
          worker.set(Thread.currentThread());
          try {
            done.complete(task.call());
          } catch (Throwable t) {
            done.completeExceptionally(t);
          }
        };
    if (executor == null) {
      Thread.ofVirtual().name("toThread of " + me.describe()).start(run);
    } else {
      executor.execute(run);
    }
    try {
      return await(done, -1, null);
    } catch (CancelledException e) {
      Thread t = worker.get();
      if (executor == null && t != null) {
        t.interrupt(); // its own thread, which ends with the task: the interrupt cannot hit
        // other work
      }
      throw e;
    }
  }
}
