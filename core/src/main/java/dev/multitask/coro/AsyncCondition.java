package dev.multitask.coro;

import dev.multitask.spi.Timeouts;
import dev.multitask.sync.Hold;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

/**
 * A condition variable for coroutines, over an {@link AsyncLock}: asyncio's {@code Condition}.
 * {@link #await()} must be called holding the lock: it unlocks, waits for a {@link #signal()} (an
 * await point), and locks again before it returns, also when it throws. {@code signal} and {@code
 * signalAll} must be called holding the lock; they wake waiters in the order they came.
 *
 * <pre>{@code
 * try (Hold _ = cond.hold()) {            // async with cond:
 *   cond.awaitFor(() -> !items.isEmpty()); //   await cond.wait_for(lambda: items)
 *   ...
 * }
 * }</pre>
 *
 * <p>A waiter that is signalled and cancelled at the same time returns normally (the signal is not
 * lost; the cancellation is thrown at its next await point). Spurious wake-ups do not happen, but
 * write waits as loops over the predicate ({@link #awaitFor}) all the same.
 */
public final class AsyncCondition {
  private final AsyncLock lock;
  private final ReentrantLock mutex = new ReentrantLock();
  private final WaitQueue waiters = new WaitQueue();

  /** A condition over a new lock: {@code asyncio.Condition()}. */
  public AsyncCondition() {
    this(new AsyncLock());
  }

  /**
   * A condition over {@code lock}: {@code asyncio.Condition(lock)}.
   *
   * @param lock the lock
   */
  public AsyncCondition(AsyncLock lock) {
    this.lock = Objects.requireNonNull(lock, "lock");
  }

  /**
   * The condition's lock.
   *
   * @return the lock
   */
  public AsyncLock lock() {
    return lock;
  }

  /**
   * Locks the condition's lock: {@code async with cond:}.
   *
   * @return a hold that unlocks
   */
  public Hold hold() {
    return lock.hold();
  }

  /**
   * Unlocks, waits for a signal, locks again: {@code await cond.wait()}.
   *
   * @throws IllegalStateException if the caller does not hold the lock
   * @throws CancelledException if the caller is cancelled while waiting (it holds the lock again)
   */
  public void await() {
    await(-1, "AsyncCondition.await");
  }

  /**
   * As {@link #await()}, waiting at most {@code timeout} for the signal.
   *
   * @param timeout how long at most
   * @return false if the time ran out (the lock is held again either way)
   * @throws IllegalArgumentException if {@code timeout} is negative
   */
  public boolean await(Duration timeout) {
    return await(Timeouts.nanos(timeout), "AsyncCondition.await");
  }

  /**
   * Waits until {@code predicate} holds: {@code await cond.wait_for(predicate)}. The predicate is
   * evaluated holding the lock.
   *
   * @param predicate the condition awaited
   */
  public void awaitFor(BooleanSupplier predicate) {
    Objects.requireNonNull(predicate, "predicate");
    while (!predicate.getAsBoolean()) {
      await();
    }
  }

  /**
   * Waits at most {@code timeout} until {@code predicate} holds.
   *
   * @param predicate the condition awaited
   * @param timeout how long at most
   * @return the predicate's last value
   */
  public boolean awaitFor(BooleanSupplier predicate, Duration timeout) {
    Objects.requireNonNull(predicate, "predicate");
    long nanos = Timeouts.nanos(timeout);
    long deadline = System.nanoTime() + nanos;
    while (!predicate.getAsBoolean()) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return false;
      }
      await(left, "AsyncCondition.awaitFor");
    }
    return true;
  }

  /** Wakes the oldest waiter: {@code notify()}. */
  public void signal() {
    signal(1);
  }

  /**
   * Wakes up to {@code n} waiters: {@code notify(n)}.
   *
   * @param n how many, zero or more
   * @throws IllegalStateException if the caller does not hold the lock
   */
  public void signal(int n) {
    if (n < 0) {
      throw new IllegalArgumentException("n must be >= 0: n=" + n);
    }
    checkHeld("signal");
    mutex.lock();
    try {
      int woken = 0;
      while (woken < n && waiters.wakeFirst() != null) {
        woken++;
      }
    } finally {
      mutex.unlock();
    }
  }

  /**
   * Wakes every waiter: {@code notify_all()}.
   *
   * @throws IllegalStateException if the caller does not hold the lock
   */
  public void signalAll() {
    checkHeld("signalAll");
    mutex.lock();
    try {
      waiters.wakeAll();
    } finally {
      mutex.unlock();
    }
  }

  private boolean await(long timeoutNanos, String operation) {
    Fiber me = Fiber.current(operation);
    checkHeld("await");
    me.throwIfCancelled();
    Waiter w;
    mutex.lock();
    try {
      w = new Waiter(me, me.beginWait(this, Fiber.THROW));
      waiters.add(w);
    } finally {
      mutex.unlock();
    }
    lock.unlock();
    int reason = me.park(w.seq, timeoutNanos);
    if (reason != Fiber.WOKEN) {
      mutex.lock();
      try {
        waiters.remove(w);
      } finally {
        mutex.unlock();
      }
    }
    lock.acquire(-1, Fiber.IGNORE, operation); // asyncio locks again even when cancelled
    if (reason == Fiber.INTERRUPTED) {
      me.throwIfCancelled();
    }
    return reason == Fiber.WOKEN;
  }

  private void checkHeld(String operation) {
    Fiber owner = lock.owner();
    Fiber me = EventLoop.currentFiber();
    if (owner == null || owner != me) {
      throw new IllegalStateException(
          "AsyncCondition."
              + operation
              + " needs the condition's lock, which "
              + (owner == null ? "nobody holds" : "is held by " + owner.describe())
              + ": take it first (try (Hold _ = cond.hold()) { ... })");
    }
  }

  @Override
  public String toString() {
    mutex.lock();
    try {
      return "AsyncCondition@"
          + Integer.toHexString(System.identityHashCode(this))
          + "["
          + lock
          + (waiters.isEmpty() ? "" : ", " + waiters.size() + " waiting")
          + "]";
    } finally {
      mutex.unlock();
    }
  }
}
