package dev.multitask.coro;

import dev.multitask.Action;
import dev.multitask.spi.Timeouts;
import java.time.Duration;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A barrier for coroutines: asyncio's {@code Barrier(parties)}, with the timed wait and the action
 * of {@code threading.Barrier}. Each of {@code parties} coroutines calls {@link #await()} (an await
 * point); when the last arrives, the action (if any) runs in it, then all are released, each with
 * its arrival index (0 for the first), and the barrier is ready for the next round.
 *
 * <p>A timed wait that runs out breaks the barrier ({@link TimeoutException} for that waiter,
 * {@link BrokenBarrierException} for the others and for later arrivals until {@link #reset()}), as
 * threading's and the context's {@code Barrier} do. A waiter cancelled before the round fills
 * leaves it (the round waits for another party), as asyncio's does. A round that filled is never
 * undone: a party released at the moment it was cancelled returns its index (the cancellation is
 * thrown at its next await point). The action must not await; an action that throws breaks the
 * barrier, and its exception reaches the last party.
 */
public final class AsyncBarrier {
  private final ReentrantLock mutex = new ReentrantLock();
  private final int parties;
  private final Action action;
  private Round round = new Round();

  /** One use of the barrier: its waiters, and whether it broke. */
  private static final class Round {
    final WaitQueue waiters = new WaitQueue();
    int arrived;
    boolean broken;
    boolean tripped;
  }

  /**
   * A barrier for {@code parties} coroutines.
   *
   * @param parties how many must arrive, at least 1
   * @throws IllegalArgumentException if {@code parties < 1}
   */
  public AsyncBarrier(int parties) {
    this(parties, null);
  }

  /**
   * A barrier whose last arriving party runs {@code action} before the round is released.
   *
   * @param parties how many must arrive, at least 1
   * @param action what to run once per round, or null
   * @throws IllegalArgumentException if {@code parties < 1}
   */
  public AsyncBarrier(int parties, Action action) {
    if (parties < 1) {
      throw new IllegalArgumentException("parties must be >= 1: parties=" + parties);
    }
    this.parties = parties;
    this.action = action;
  }

  /**
   * Arrives and waits for the round to fill: {@code await barrier.wait()}.
   *
   * @return the arrival index, 0 to parties - 1
   * @throws BrokenBarrierException if the barrier is or becomes broken
   * @throws CancelledException if the caller is cancelled before the round fills
   */
  public int await() throws BrokenBarrierException {
    try {
      return await(-1, null);
    } catch (TimeoutException e) {
      throw new AssertionError("an untimed wait timed out", e);
    }
  }

  /**
   * Arrives and waits at most {@code timeout}; past it the barrier breaks.
   *
   * @param timeout how long at most
   * @return the arrival index
   * @throws BrokenBarrierException if the barrier is or becomes broken
   * @throws TimeoutException if the time ran out (the barrier is then broken)
   * @throws IllegalArgumentException if {@code timeout} is negative
   */
  public int await(Duration timeout) throws BrokenBarrierException, TimeoutException {
    return await(Timeouts.nanos(timeout), timeout);
  }

  private int await(long timeoutNanos, Duration timeout)
      throws BrokenBarrierException, TimeoutException {
    Fiber me = Fiber.current("AsyncBarrier.await");
    me.throwIfCancelled();
    Round r;
    Waiter w;
    mutex.lock();
    try {
      r = round;
      if (r.broken) {
        throw broken();
      }
      int index = r.arrived++;
      if (r.arrived == parties) {
        trip(r);
        return index;
      }
      if (timeoutNanos == 0) {
        breakRound(r);
        throw new TimeoutException(
            "AsyncBarrier: " + r.arrived + " of " + parties + " parties after " + timeout);
      }
      w = new Waiter(me, me.beginWait(this, Fiber.THROW));
      w.index = index;
      r.waiters.add(w);
    } finally {
      mutex.unlock();
    }
    int reason = me.park(w.seq, timeoutNanos);
    mutex.lock();
    try {
      if (r.tripped) {
        return w.index; // the round filled: that is not undone by a timeout or a cancellation
      }
      r.waiters.remove(w);
      if (r.broken) {
        throw broken();
      }
      if (reason == Fiber.TIMED_OUT) {
        breakRound(r);
        throw new TimeoutException(
            "AsyncBarrier: " + r.arrived + " of " + parties + " parties after " + timeout);
      }
      r.arrived--; // cancelled: this party leaves the round, as in asyncio
    } finally {
      mutex.unlock();
    }
    me.throwIfCancelled();
    return await(timeoutNanos, timeout); // the cancellation was taken back meanwhile: arrive again
  }

  private void trip(Round r) throws BrokenBarrierException {
    if (action != null) {
      try {
        action.run();
      } catch (Exception e) {
        breakRound(r);
        BrokenBarrierException b = new BrokenBarrierException("the barrier's action threw: " + e);
        b.initCause(e);
        throw b;
      }
    }
    r.tripped = true;
    for (Waiter w; (w = r.waiters.poll()) != null; ) {
      w.wake(); // one whose wake fails was woken by its timeout or cancel: it sees tripped
    }
    round = new Round();
  }

  private void breakRound(Round r) {
    r.broken = true;
    r.waiters.wakeAll();
  }

  private static BrokenBarrierException broken() {
    return new BrokenBarrierException(
        "the barrier is broken (a wait timed out, or abort()): reset() it to use it again");
  }

  /** Breaks the barrier: the waiters and later arrivals get {@link BrokenBarrierException}. */
  public void abort() {
    mutex.lock();
    try {
      breakRound(round);
    } finally {
      mutex.unlock();
    }
  }

  /** Starts a fresh round; the waiters of the current one get {@link BrokenBarrierException}. */
  public void reset() {
    mutex.lock();
    try {
      breakRound(round);
      round = new Round();
    } finally {
      mutex.unlock();
    }
  }

  /**
   * Whether the barrier is broken.
   *
   * @return the flag
   */
  public boolean isBroken() {
    mutex.lock();
    try {
      return round.broken;
    } finally {
      mutex.unlock();
    }
  }

  /**
   * How many parties a round needs.
   *
   * @return the parties
   */
  public int parties() {
    return parties;
  }

  /**
   * How many parties wait now: asyncio's {@code n_waiting}.
   *
   * @return the count
   */
  public int numberWaiting() {
    mutex.lock();
    try {
      return round.arrived;
    } finally {
      mutex.unlock();
    }
  }

  @Override
  public String toString() {
    mutex.lock();
    try {
      return "AsyncBarrier@"
          + Integer.toHexString(System.identityHashCode(this))
          + "["
          + round.arrived
          + " of "
          + parties
          + " waiting"
          + (round.broken ? ", broken" : "")
          + "]";
    } finally {
      mutex.unlock();
    }
  }
}
