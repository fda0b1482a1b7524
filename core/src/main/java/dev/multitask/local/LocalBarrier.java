package dev.multitask.local;

import dev.multitask.Action;
import dev.multitask.spi.Timeouts;
import dev.multitask.sync.Barrier;
import dev.multitask.trace.Recorder;
import java.time.Duration;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The {@link Barrier} of the thread and coroutine backends: Python's {@code threading.Barrier} for
 * platform and virtual threads of one JVM. {@code await} returns the arrival index, {@code 0} for
 * the first party of the round to {@code parties - 1} for the last, which runs the action before
 * any party is released.
 *
 * <p>Breaking: a timed-out {@code await} (that party gets {@link TimeoutException}), an interrupted
 * one (that party gets {@link InterruptedException}), {@link #abort()}, an action that throws (the
 * last party gets {@link BrokenBarrierException} with the action's exception as cause; an {@link
 * Error} is rethrown as it is) and {@link #reset()} while parties wait. Every other waiter of the
 * round and every later {@code await} gets {@link BrokenBarrierException}, whose message says what
 * broke it, until {@link #reset()}. A party interrupted once its round has tripped returns its
 * index with its interrupt flag set.
 *
 * <p>Memory consistency effects: actions before an {@code await} happen-before the action, which
 * happens-before the return of every {@code await} of its round.
 */
final class LocalBarrier implements Barrier {
  /*
   * CyclicBarrier's algorithm (a ReentrantLock, one condition, a Round object per round), with the
   * arrival index counted up from 0 instead of down from parties - 1, and the reason a round broke
   * kept for the exceptions of all its parties.
   */

  private final int parties;
  private final Action action;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition tripped = lock.newCondition();
  private Round round = new Round(); // guarded by lock
  private int arrived; // guarded by lock: parties of this round inside await

  /** One use of the barrier; a new one starts when it trips or is reset. */
  private static final class Round {
    String brokenBy; // null while whole
    Throwable cause;
  }

  LocalBarrier(int parties, Action action) {
    this.parties = parties;
    this.action = action;
  }

  @Override
  public int await() throws InterruptedException, BrokenBarrierException {
    try {
      return arrive(false, 0);
    } catch (TimeoutException impossible) {
      throw new AssertionError(impossible);
    }
  }

  @Override
  public int await(Duration timeout)
      throws InterruptedException, BrokenBarrierException, TimeoutException {
    return arrive(true, Timeouts.nanos(timeout));
  }

  private int arrive(boolean timed, long nanos)
      throws InterruptedException, BrokenBarrierException, TimeoutException {
    long waited = Recorder.waitStart();
    if (waited == 0) {
      return enter(timed, nanos);
    }
    int index = -1;
    String outcome = "broken";
    try {
      index = enter(timed, nanos);
      outcome = "released";
      return index;
    } catch (TimeoutException e) {
      outcome = "timed out";
      throw e;
    } finally {
      Recorder.barrierWait(
          "barrier@" + Integer.toHexString(System.identityHashCode(this)),
          index,
          parties,
          waited,
          outcome);
    }
  }

  private int enter(boolean timed, long nanos)
      throws InterruptedException, BrokenBarrierException, TimeoutException {
    lock.lock();
    try {
      Round r = round;
      if (r.brokenBy != null) {
        throw broken(r);
      }
      if (Thread.interrupted()) {
        breakRound("a party was interrupted");
        throw new InterruptedException(
            "interrupted on arrival at " + this + ", which is now broken");
      }
      int index = arrived++;
      if (index == parties - 1) {
        runAction(r);
        nextRound();
        return index;
      }
      while (true) {
        try {
          if (!timed) {
            tripped.await();
          } else if (nanos > 0) {
            nanos = tripped.awaitNanos(nanos);
          }
        } catch (InterruptedException e) {
          if (r == round && r.brokenBy == null) {
            breakRound("a party was interrupted");
            throw e;
          }
          Thread.currentThread().interrupt(); // the round is over already: its outcome stands
        }
        if (r.brokenBy != null) {
          throw broken(r);
        }
        if (r != round) {
          return index;
        }
        if (timed && nanos <= 0) {
          breakRound("a party timed out");
          throw new TimeoutException(
              "timed out waiting at "
                  + this
                  + " with "
                  + index
                  + " of "
                  + parties
                  + " parties before it; the barrier is now broken");
        }
      }
    } finally {
      lock.unlock();
    }
  }

  /**
   * Runs the action in the last party, still under the lock so that nobody is released before it
   * ends.
   */
  private void runAction(Round r) throws BrokenBarrierException {
    if (action == null) {
      return;
    }
    try {
      action.run();
    } catch (Throwable t) {
      breakRound("the action threw " + t);
      r.cause = t;
      if (t instanceof Error error) {
        throw error;
      }
      throw broken(r);
    }
  }

  private static BrokenBarrierException broken(Round r) {
    BrokenBarrierException e =
        new BrokenBarrierException(
            "barrier is broken: " + r.brokenBy + " (reset() it to use it again)");
    if (r.cause != null) {
      e.initCause(r.cause);
    }
    return e;
  }

  private void breakRound(String why) {
    round.brokenBy = why;
    arrived = 0;
    tripped.signalAll();
  }

  private void nextRound() {
    tripped.signalAll();
    arrived = 0;
    round = new Round();
  }

  @Override
  public void abort() {
    lock.lock();
    try {
      if (round.brokenBy == null) {
        breakRound("abort() was called");
      }
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void reset() {
    lock.lock();
    try {
      if (arrived > 0) {
        breakRound("reset() was called while parties waited");
      }
      nextRound();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public boolean isBroken() {
    lock.lock();
    try {
      return round.brokenBy != null;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public int parties() {
    return parties;
  }

  @Override
  public int numberWaiting() {
    lock.lock();
    try {
      return arrived;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public String toString() {
    return "Barrier@"
        + Integer.toHexString(System.identityHashCode(this))
        + " ["
        + numberWaiting()
        + " of "
        + parties
        + " waiting"
        + (isBroken() ? ", broken" : "")
        + "]";
  }
}
