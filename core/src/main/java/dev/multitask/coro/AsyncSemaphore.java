package dev.multitask.coro;

import dev.multitask.spi.OnceHold;
import dev.multitask.spi.Timeouts;
import dev.multitask.sync.Hold;
import java.time.Duration;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A counting semaphore for coroutines: asyncio's {@code Semaphore} and, made with {@link
 * #bounded(int)}, {@code BoundedSemaphore}. {@link #acquire()} takes a permit, waiting (an await
 * point) while there is none; {@link #release()} gives one back, straight to the oldest waiter if
 * there is one (FIFO, no barging). A bounded semaphore refuses to grow past its initial count
 * ({@link IllegalStateException}, Python's {@code ValueError}).
 *
 * <p>Permits are not owned: any coroutine or thread may release. Not bound to a loop. A waiter
 * handed a permit keeps it even if it is cancelled meanwhile (the cancellation is thrown at its
 * next await point), so a permit is never lost.
 *
 * <p>Memory consistency: actions before a {@code release} happen-before the actions after an {@code
 * acquire} that takes that permit.
 */
public final class AsyncSemaphore {
  private final ReentrantLock mutex = new ReentrantLock();
  private final WaitQueue waiters = new WaitQueue();
  private final int bound;
  private int permits;

  /**
   * A semaphore with {@code permits} permits: {@code asyncio.Semaphore(permits)}.
   *
   * @param permits the initial count, zero or more
   * @throws IllegalArgumentException if {@code permits} is negative
   */
  public AsyncSemaphore(int permits) {
    this(permits, -1);
  }

  private AsyncSemaphore(int permits, int bound) {
    if (permits < 0) {
      throw new IllegalArgumentException("permits must be >= 0: permits=" + permits);
    }
    this.permits = permits;
    this.bound = bound;
  }

  /**
   * A bounded semaphore: {@code asyncio.BoundedSemaphore(permits)}.
   *
   * @param permits the initial (and highest) count, zero or more
   * @return the semaphore
   * @throws IllegalArgumentException if {@code permits} is negative
   */
  public static AsyncSemaphore bounded(int permits) {
    return new AsyncSemaphore(permits, permits);
  }

  /**
   * Takes a permit, waiting as long as it takes.
   *
   * @throws CancelledException if the caller is cancelled before it gets one
   * @throws IllegalStateException if the caller is not a coroutine
   */
  public void acquire() {
    acquire(-1, "AsyncSemaphore.acquire");
  }

  /**
   * Takes a permit, waiting at most {@code timeout}.
   *
   * @param timeout how long at most
   * @return whether a permit was taken
   * @throws IllegalArgumentException if {@code timeout} is negative
   */
  public boolean tryAcquire(Duration timeout) {
    return acquire(Timeouts.nanos(timeout), "AsyncSemaphore.tryAcquire");
  }

  /**
   * Takes a permit if one is free and nobody waits, without waiting; from anywhere.
   *
   * @return whether it took one
   */
  public boolean tryAcquire() {
    mutex.lock();
    try {
      if (permits > 0 && waiters.isEmpty()) {
        permits--;
        return true;
      }
      return false;
    } finally {
      mutex.unlock();
    }
  }

  /**
   * Takes a permit and returns a {@link Hold} that gives it back: {@code async with sem:}.
   *
   * @return the hold
   */
  public Hold hold() {
    acquire();
    return new OnceHold(this::release);
  }

  /**
   * Gives a permit back: to the oldest waiter if there is one.
   *
   * @throws IllegalStateException if the semaphore is bounded and already has its initial count
   */
  public void release() {
    release(1);
  }

  /**
   * Gives {@code n} permits back at once.
   *
   * @param n how many, at least 1
   * @throws IllegalArgumentException if {@code n < 1}
   * @throws IllegalStateException if bounded and the count would pass the initial one; then none is
   *     released
   */
  public void release(int n) {
    if (n < 1) {
      throw new IllegalArgumentException("n must be >= 1: n=" + n);
    }
    mutex.lock();
    try {
      if (bound >= 0 && (long) permits + n > bound) {
        throw new IllegalStateException(
            "BoundedSemaphore released too many times: "
                + permits
                + " of "
                + bound
                + " permits are free and "
                + n
                + " more were released");
      }
      for (int i = 0; i < n; i++) {
        if (waiters.wakeFirst() == null) {
          permits += n - i;
          break;
        }
      }
    } finally {
      mutex.unlock();
    }
  }

  /**
   * The free permits now: a snapshot.
   *
   * @return the count
   */
  public int availablePermits() {
    mutex.lock();
    try {
      return permits;
    } finally {
      mutex.unlock();
    }
  }

  /**
   * Whether an acquire would wait now: asyncio's {@code locked()}.
   *
   * @return the flag
   */
  public boolean isLocked() {
    mutex.lock();
    try {
      return permits == 0 || !waiters.isEmpty();
    } finally {
      mutex.unlock();
    }
  }

  private boolean acquire(long timeoutNanos, String operation) {
    Fiber me = Fiber.current(operation);
    me.throwIfCancelled();
    long deadline = System.nanoTime() + Math.max(0, timeoutNanos);
    while (true) {
      long left = timeoutNanos < 0 ? -1 : Math.max(0, deadline - System.nanoTime());
      Waiter w;
      mutex.lock();
      try {
        if (permits > 0 && waiters.isEmpty()) {
          permits--;
          return true;
        }
        if (left == 0) {
          return false;
        }
        w = new Waiter(me, me.beginWait(this, Fiber.THROW));
        waiters.add(w);
      } finally {
        mutex.unlock();
      }
      int reason = me.park(w.seq, left);
      if (reason == Fiber.WOKEN) {
        return true; // a release handed its permit over
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
      me.throwIfCancelled();
    }
  }

  @Override
  public String toString() {
    mutex.lock();
    try {
      return (bound >= 0 ? "BoundedSemaphore@" : "AsyncSemaphore@")
          + Integer.toHexString(System.identityHashCode(this))
          + "["
          + permits
          + " free"
          + (waiters.isEmpty() ? "" : ", " + waiters.size() + " waiting")
          + "]";
    } finally {
      mutex.unlock();
    }
  }
}
