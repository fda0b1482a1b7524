package dev.multitask.coro;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;

/**
 * Watches a list of coroutines for one waiting coroutine: counts the ends, keeps them in end order,
 * remembers the first that did not succeed, and wakes the waiter when its condition holds. The
 * common part of gather, wait, as_completed and joinall.
 *
 * <p>The ends arrive on the threads of the coroutines that end (several at once in parallel mode):
 * counters are atomic, and the waiter re-checks its condition after publishing each wait, so an end
 * that lands between the check and the wait is not missed.
 */
final class Collector extends EndListener {
  private final Fiber waiter;
  private final String what;
  final List<? extends Coroutine<?>> all;
  private final AtomicInteger remaining;

  /** The ends in order, when the caller needs it (wait, asCompleted, joinAll); else null. */
  final ConcurrentLinkedQueue<Coroutine<?>> ended;

  final AtomicReference<Coroutine<?>> firstUnsuccessful = new AtomicReference<>();
  final AtomicReference<Coroutine<?>> firstFailed = new AtomicReference<>();
  private volatile long seq = -1;
  private volatile Predicate<Collector> condition = c -> false;

  /**
   * Starts watching; the caller must be the coroutine that will wait.
   *
   * @param what the operation, for the task listing
   * @param keepOrder whether to keep the order of the ends (a node per end)
   */
  Collector(Fiber waiter, List<? extends Coroutine<?>> coroutines, String what, boolean keepOrder) {
    this.waiter = waiter;
    this.ended = keepOrder ? new ConcurrentLinkedQueue<>() : null;
    this.what = what;
    this.all = coroutines;
    this.remaining = new AtomicInteger(coroutines.size());
    for (Coroutine<?> c : coroutines) {
      Objects.requireNonNull(c, "a coroutine in the list is null");
      if (c == waiter) {
        throw new IllegalStateException(c.describe() + " cannot wait for itself in " + what);
      }
    }
    for (Coroutine<?> c : coroutines) {
      c.whenEnded(this);
    }
  }

  @Override
  void ended(Coroutine<?> c) {
    if (ended != null) {
      ended.add(c);
    }
    if (!c.successful()) {
      firstUnsuccessful.compareAndSet(null, c);
      if (!c.cancelled()) {
        firstFailed.compareAndSet(null, c);
      }
    }
    remaining.decrementAndGet();
    long s = seq;
    if (s >= 0 && condition.test(this)) {
      waiter.tryWake(s, Fiber.WOKEN);
    }
  }

  /** Whether every coroutine has ended. */
  boolean allEnded() {
    return remaining.get() == 0;
  }

  /**
   * Waits until {@code until} holds, the time runs out, or (mode {@link Fiber#THROW} or {@link
   * Fiber#WAKE}) a cancellation is pending.
   *
   * @param timeoutNanos negative for no limit
   * @param mode the wait's cancel mode
   * @return {@link Fiber#WOKEN} if the condition holds, else {@link Fiber#TIMED_OUT} or {@link
   *     Fiber#INTERRUPTED}
   */
  int await(Predicate<Collector> until, long timeoutNanos, int mode) {
    condition = until;
    long deadline = System.nanoTime() + Math.max(0, timeoutNanos);
    while (!until.test(this)) {
      long s = waiter.beginWait(this, mode);
      seq = s;
      if (until.test(this)) {
        waiter.tryWake(s, Fiber.WOKEN); // it came true before the wait was published
      }
      long left = timeoutNanos < 0 ? -1 : Math.max(0, deadline - System.nanoTime());
      int reason = waiter.park(s, left);
      seq = -1;
      if (until.test(this)) {
        return Fiber.WOKEN; // completion wins over a timeout or a cancellation
      }
      if (reason == Fiber.TIMED_OUT) {
        return Fiber.TIMED_OUT;
      }
      if (reason == Fiber.INTERRUPTED && waiter.interruptPending()) {
        return Fiber.INTERRUPTED;
      }
    }
    return Fiber.WOKEN;
  }

  /** Cancels every coroutine that has not ended. */
  void cancelRest(String why) {
    for (Coroutine<?> c : all) {
      c.cancel(why);
    }
  }

  /** Waits, without being cancellable, until every coroutine has ended. */
  void awaitAllUninterruptibly() {
    await(Collector::allEnded, -1, Fiber.IGNORE);
  }

  /** The ended coroutines, in the order they ended. */
  List<Coroutine<?>> endedInOrder() {
    return new ArrayList<>(ended);
  }

  @Override
  public String toString() {
    return what + " of " + all.size() + " coroutines (" + remaining.get() + " not ended)";
  }
}
