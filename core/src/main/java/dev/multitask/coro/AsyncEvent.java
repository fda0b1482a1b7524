package dev.multitask.coro;

import dev.multitask.spi.Timeouts;
import java.time.Duration;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A flag coroutines wait for: asyncio's {@code Event}. {@link #await()} waits (an await point)
 * while the flag is clear; {@link #set()} sets it and wakes every waiter; {@link #clear()} clears
 * it. {@code set}, {@code clear} and {@code isSet} may be called from any thread, so a plain thread
 * can wake coroutines with it. Not bound to a loop.
 *
 * <p>Memory consistency: actions before {@code set()} happen-before the actions after an {@code
 * await} that returns because of it.
 */
public final class AsyncEvent {
  private final ReentrantLock mutex = new ReentrantLock();
  private final WaitQueue waiters = new WaitQueue();
  private boolean flag;

  /** Makes a clear event. */
  public AsyncEvent() {}

  /** Sets the flag and wakes every waiter. */
  public void set() {
    mutex.lock();
    try {
      flag = true;
      waiters.wakeAll();
    } finally {
      mutex.unlock();
    }
  }

  /** Clears the flag; later waiters wait again. */
  public void clear() {
    mutex.lock();
    try {
      flag = false;
    } finally {
      mutex.unlock();
    }
  }

  /**
   * The flag now: {@code is_set()}.
   *
   * @return whether it is set
   */
  public boolean isSet() {
    mutex.lock();
    try {
      return flag;
    } finally {
      mutex.unlock();
    }
  }

  /**
   * Waits until the flag is set: {@code await event.wait()}.
   *
   * @throws CancelledException if the caller is cancelled first
   * @throws IllegalStateException if the caller is not a coroutine
   */
  public void await() {
    await(-1, "AsyncEvent.await");
  }

  /**
   * Waits at most {@code timeout} for the flag.
   *
   * @param timeout how long at most
   * @return the flag: false if the time ran out
   * @throws IllegalArgumentException if {@code timeout} is negative
   */
  public boolean await(Duration timeout) {
    return await(Timeouts.nanos(timeout), "AsyncEvent.await");
  }

  private boolean await(long timeoutNanos, String operation) {
    Fiber me = Fiber.current(operation);
    me.throwIfCancelled();
    long deadline = System.nanoTime() + Math.max(0, timeoutNanos);
    while (true) {
      long left = timeoutNanos < 0 ? -1 : Math.max(0, deadline - System.nanoTime());
      Waiter w;
      mutex.lock();
      try {
        if (flag) {
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
        return true; // set() woke it: the flag was set, even if it was cleared since
      }
      mutex.lock();
      try {
        waiters.remove(w);
      } finally {
        mutex.unlock();
      }
      if (reason == Fiber.TIMED_OUT) {
        return isSet();
      }
      me.throwIfCancelled();
    }
  }

  @Override
  public String toString() {
    mutex.lock();
    try {
      return "AsyncEvent@"
          + Integer.toHexString(System.identityHashCode(this))
          + "["
          + (flag ? "set" : "clear")
          + (waiters.isEmpty() ? "" : ", " + waiters.size() + " waiting")
          + "]";
    } finally {
      mutex.unlock();
    }
  }
}
