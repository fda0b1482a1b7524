package dev.multitask.coro;

import dev.multitask.spi.OnceHold;
import dev.multitask.spi.Timeouts;
import dev.multitask.sync.Hold;
import java.time.Duration;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A lock for coroutines: asyncio's {@code Lock}. Waiting for it is an await point: the loop runs
 * other coroutines meanwhile. Fair: the lock goes to the waiters in the order they came (an {@link
 * #unlock()} hands it straight to the oldest waiter, so a coroutine arriving later cannot take it
 * first). Not reentrant; any coroutine (or thread) may unlock it, as in Python.
 *
 * <pre>{@code
 * AsyncLock lock = new AsyncLock();
 * try (Hold _ = lock.hold()) {   // async with lock:
 *   ...
 * }
 * }</pre>
 *
 * <p>Not bound to a loop: coroutines of several loops, in either mode, may share one. The waiting
 * calls must be made from a coroutine; {@link #tryLock()}, {@link #unlock()} and the queries from
 * anywhere. A waiter that is cancelled or times out leaves the queue; one that was handed the lock
 * keeps it (the cancellation is thrown at its next await point), so the lock is never lost.
 *
 * <p>Memory consistency: actions before an {@code unlock} happen-before the actions after the next
 * successful lock.
 */
public final class AsyncLock {
  private final ReentrantLock mutex = new ReentrantLock();
  private final WaitQueue waiters = new WaitQueue();
  private boolean locked;
  private Fiber owner;

  /** Makes an unlocked lock. */
  public AsyncLock() {}

  /**
   * Locks, waiting as long as it takes: {@code await lock.acquire()}.
   *
   * @throws CancelledException if the caller is cancelled before it gets the lock
   * @throws IllegalStateException if the caller is not a coroutine
   */
  public void lock() {
    acquire(-1, Fiber.THROW, "AsyncLock.lock");
  }

  /**
   * Locks, waiting at most {@code timeout}.
   *
   * @param timeout how long at most
   * @return whether the caller now holds the lock
   * @throws CancelledException if the caller is cancelled before it gets the lock
   * @throws IllegalArgumentException if {@code timeout} is negative
   */
  public boolean tryLock(Duration timeout) {
    return acquire(Timeouts.nanos(timeout), Fiber.THROW, "AsyncLock.tryLock");
  }

  /**
   * Locks if the lock is free and nobody waits for it, without waiting. Not an await point; may be
   * called from any thread.
   *
   * @return whether it locked
   */
  public boolean tryLock() {
    Fiber me = EventLoop.currentFiber();
    mutex.lock();
    try {
      if (locked || !waiters.isEmpty()) {
        return false;
      }
      locked = true;
      owner = me;
      return true;
    } finally {
      mutex.unlock();
    }
  }

  /**
   * Locks and returns a {@link Hold} that unlocks: {@code async with lock:}.
   *
   * @return the hold; close it to unlock
   * @throws CancelledException if the caller is cancelled before it gets the lock
   */
  public Hold hold() {
    lock();
    return new OnceHold(this::unlock);
  }

  /**
   * Unlocks, handing the lock to the oldest waiter if there is one: {@code lock.release()}.
   *
   * @throws IllegalStateException if the lock is not locked (Python's {@code RuntimeError})
   */
  public void unlock() {
    mutex.lock();
    try {
      if (!locked) {
        throw new IllegalStateException(
            "AsyncLock is not locked: unlock() without a matching lock()");
      }
      Waiter w = waiters.wakeFirst();
      owner = w == null ? null : w.fiber;
      locked = w != null;
    } finally {
      mutex.unlock();
    }
  }

  /**
   * Whether the lock is held now (a snapshot): {@code lock.locked()}.
   *
   * @return whether it is locked
   */
  public boolean isLocked() {
    mutex.lock();
    try {
      return locked;
    } finally {
      mutex.unlock();
    }
  }

  /**
   * Whether the calling coroutine locked it (and nobody unlocked it since).
   *
   * @return whether the caller holds it
   */
  public boolean isHeldByCurrentCoroutine() {
    Fiber me = EventLoop.currentFiber();
    mutex.lock();
    try {
      return locked && me != null && owner == me;
    } finally {
      mutex.unlock();
    }
  }

  /**
   * A condition bound to this lock: {@code asyncio.Condition(lock)}.
   *
   * @return a new condition
   */
  public AsyncCondition newCondition() {
    return new AsyncCondition(this);
  }

  /** The fiber that holds it, or null. */
  Fiber owner() {
    mutex.lock();
    try {
      return locked ? owner : null;
    } finally {
      mutex.unlock();
    }
  }

  boolean acquire(long timeoutNanos, int mode, String operation) {
    Fiber me = Fiber.current(operation);
    if (mode == Fiber.THROW) {
      me.throwIfCancelled();
    }
    long deadline = System.nanoTime() + Math.max(0, timeoutNanos);
    while (true) {
      long left = timeoutNanos < 0 ? -1 : Math.max(0, deadline - System.nanoTime());
      Waiter w;
      mutex.lock();
      try {
        if (!locked && waiters.isEmpty()) {
          locked = true;
          owner = me;
          return true;
        }
        if (left == 0) {
          return false;
        }
        w = new Waiter(me, me.beginWait(this, mode));
        waiters.add(w);
      } finally {
        mutex.unlock();
      }
      int reason = me.park(w.seq, left);
      if (reason == Fiber.WOKEN) {
        return true; // unlock handed it over: owner is already this fiber
      }
      mutex.lock();
      try {
        waiters.remove(w);
      } finally {
        mutex.unlock();
      }
      if (reason == Fiber.TIMED_OUT) {
        return false;
      }
      me.throwIfCancelled(); // else the cancellation was taken back meanwhile: queue again
    }
  }

  @Override
  public String toString() {
    mutex.lock();
    try {
      return "AsyncLock@"
          + Integer.toHexString(System.identityHashCode(this))
          + "["
          + (locked ? "locked" + (owner != null ? " by " + owner.describe() : "") : "unlocked")
          + (waiters.isEmpty() ? "" : ", " + waiters.size() + " waiting")
          + "]";
    } finally {
      mutex.unlock();
    }
  }
}
