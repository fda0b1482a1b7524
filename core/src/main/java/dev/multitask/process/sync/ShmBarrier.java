package dev.multitask.process.sync;

import static dev.multitask.process.sync.SyncLayout.*;

import dev.multitask.Action;
import dev.multitask.process.shm.Futex;
import dev.multitask.process.shm.Liveness;
import dev.multitask.process.shm.MemoryAccess;
import dev.multitask.process.shm.SharedSegment;
import dev.multitask.process.shm.WaitWord;
import dev.multitask.spi.Timeouts;
import dev.multitask.spi.Uninterruptibly;
import dev.multitask.sync.Barrier;
import dev.multitask.trace.Recorder;
import java.io.Serial;
import java.io.Serializable;
import java.time.Duration;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@link Barrier} across processes. The segment's mutex guards the round state; waiters sleep on
 * the phase word, which changes on every release, break and reset.
 *
 * <p>States of a round {@code r}: filling (arrived &lt; parties) → released (round becomes {@code r
 * + 1}) or broken (broken flag set, last broken round {@code = r}) → after {@link #reset()}, round
 * {@code r + 1}, not broken. A waiter of round {@code r} returns when the round moved on and {@code
 * r} is not the last broken round; it throws {@link BrokenBarrierException} when {@code r} broke.
 *
 * <p>Arrivals record their owner word (pid and start time); waiters look at them after 20 ms and
 * then at doubling intervals up to a second, and a party whose process died breaks the round
 * instead of leaving the others waiting for a release that cannot come.
 */
final class ShmBarrier extends ShmSyncObject implements Barrier {
  @Serial private static final long serialVersionUID = 1L;
  private static final long FIRST_CHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(20);
  private static final long MAX_CHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(1000);

  /** The most parties: their owner words fill at most 1 MiB. */
  static final int MAX_PARTIES = (1 << 17) - 32;

  private final Action action;
  private final transient WaitWord phase;
  private final transient int parties;

  ShmBarrier(SharedSegment segment, Action action) {
    super(segment);
    this.action = action;
    this.phase = new WaitWord(m, WORD_OFFSET);
    this.parties = MemoryAccess.intPlain(m, INT_PARAM_OFFSET);
  }

  static ShmBarrier create(int parties, Action action) {
    if (parties > MAX_PARTIES) {
      throw new IllegalArgumentException(
          "a process barrier takes at most " + MAX_PARTIES + " parties: parties=" + parties);
    }
    SharedSegment segment =
        create(Kind.BARRIER, BARRIER_PARTIES_OFFSET + 8L * parties, parties, false, 0);
    MemoryAccess.setLongVolatile(segment.memory(), BARRIER_BROKEN_ROUND_OFFSET, -1);
    return new ShmBarrier(segment, action);
  }

  @Override
  Kind kind() {
    return Kind.BARRIER;
  }

  @Override
  Serializable handleExtra() {
    return action;
  }

  @Override
  public int await() throws InterruptedException, BrokenBarrierException {
    checkOpen();
    try {
      return awaitNanos(Futex.FOREVER, false);
    } catch (TimeoutException impossible) {
      throw new AssertionError(impossible);
    }
  }

  @Override
  public int await(Duration timeout)
      throws InterruptedException, BrokenBarrierException, TimeoutException {
    checkOpen();
    return awaitNanos(Timeouts.nanos(timeout), true);
  }

  private int awaitNanos(long nanos, boolean timed)
      throws InterruptedException, BrokenBarrierException, TimeoutException {
    long waited = Recorder.waitStart();
    if (waited == 0) {
      return enter(nanos, timed);
    }
    int index = -1;
    String outcome = "broken";
    try {
      index = enter(nanos, timed);
      outcome = "released";
      return index;
    } catch (TimeoutException e) {
      outcome = "timed out";
      throw e;
    } finally {
      Recorder.barrierWait("barrier " + name, index, parties, waited, outcome);
    }
  }

  private int enter(long nanos, boolean timed)
      throws InterruptedException, BrokenBarrierException, TimeoutException {
    long start = System.nanoTime();
    long round;
    int index;
    lockInternal();
    try {
      if (broken()) {
        throw broken(null);
      }
      round = MemoryAccess.longPlain(m, BARRIER_ROUND_OFFSET);
      if (Thread.interrupted()) {
        breakLocked(round);
        throw new InterruptedException();
      }
      index = MemoryAccess.intPlain(m, BARRIER_ARRIVED_OFFSET);
      MemoryAccess.setLongVolatile(m, BARRIER_PARTIES_OFFSET + 8L * index, Liveness.SELF);
      MemoryAccess.setIntVolatile(m, BARRIER_ARRIVED_OFFSET, index + 1);
      if (index + 1 == parties) {
        trip(round);
        return index;
      }
    } finally {
      mutex.unlock(this);
    }
    return awaitRelease(round, index, start, nanos, timed);
  }

  /**
   * The last party, mutex held: runs the action, then releases the round (or breaks it if the
   * action threw).
   */
  private void trip(long round) throws BrokenBarrierException {
    if (action != null) {
      try {
        action.run();
      } catch (Exception | Error e) {
        breakLocked(round);
        throw broken(e);
      }
    }
    MemoryAccess.setIntVolatile(m, BARRIER_ARRIVED_OFFSET, 0);
    MemoryAccess.setLongVolatile(m, BARRIER_ROUND_OFFSET, round + 1);
    phase.getAndAdd(1);
    phase.wake(Integer.MAX_VALUE);
  }

  private int awaitRelease(long round, int index, long start, long nanos, boolean timed)
      throws InterruptedException, BrokenBarrierException, TimeoutException {
    long checkedAt = System.nanoTime();
    long checkEvery = FIRST_CHECK_NANOS;
    while (true) {
      int seen = phase.get(); // before the checks: a change after them makes the wait return
      if (MemoryAccess.longVolatile(m, BARRIER_ROUND_OFFSET) != round) {
        if (MemoryAccess.longVolatile(m, BARRIER_BROKEN_ROUND_OFFSET) == round) {
          throw broken(null);
        }
        return index;
      }
      if (broken()) {
        throw broken(null);
      }
      long now = System.nanoTime();
      long remaining = nanos - (now - start);
      if (timed && remaining <= 0) {
        if (breakIfStill(round)) {
          throw new TimeoutException(
              "barrier "
                  + name
                  + " timed out with "
                  + numberWaiting()
                  + " of "
                  + parties
                  + " parties waiting; it is now broken (reset() it for a new round)");
        }
        continue; // released or broken meanwhile: the checks above tell which
      }
      if (now - checkedAt >= checkEvery) {
        breakIfPartyDied(round);
        checkedAt = now;
        checkEvery = Math.min(checkEvery * 2, MAX_CHECK_NANOS);
      }
      phase.register();
      try {
        phase.await(seen, Math.min(remaining, checkEvery));
      } catch (InterruptedException e) {
        breakIfStill(round);
        throw e;
      } finally {
        phase.unregister();
      }
    }
  }

  private boolean breakIfStill(long round) {
    lockInternal();
    try {
      if (MemoryAccess.longPlain(m, BARRIER_ROUND_OFFSET) == round && !broken()) {
        breakLocked(round);
        return true;
      }
      return false;
    } finally {
      mutex.unlock(this);
    }
  }

  private void breakIfPartyDied(long round) {
    lockInternal();
    try {
      if (MemoryAccess.longPlain(m, BARRIER_ROUND_OFFSET) != round || broken()) {
        return;
      }
      int arrived = MemoryAccess.intPlain(m, BARRIER_ARRIVED_OFFSET);
      for (int i = 0; i < arrived; i++) {
        if (!Liveness.alive(MemoryAccess.longPlain(m, BARRIER_PARTIES_OFFSET + 8L * i))) {
          breakLocked(round);
          return;
        }
      }
    } finally {
      mutex.unlock(this);
    }
  }

  private void breakLocked(long round) {
    MemoryAccess.setLongVolatile(m, BARRIER_BROKEN_ROUND_OFFSET, round);
    MemoryAccess.setIntVolatile(m, BARRIER_BROKEN_OFFSET, 1);
    phase.getAndAdd(1);
    phase.wake(Integer.MAX_VALUE);
  }

  private boolean broken() {
    return MemoryAccess.intVolatile(m, BARRIER_BROKEN_OFFSET) != 0;
  }

  private BrokenBarrierException broken(Throwable cause) {
    var e =
        new BrokenBarrierException(
            "barrier "
                + name
                + " is broken (a party timed out, was interrupted or died,"
                + " the action failed, or abort() was called): reset() it for a new round");
    if (cause != null) {
      e.initCause(cause);
    }
    return e;
  }

  // the internal lock is outside the wait-for graph and not interruptible: it is held only briefly
  private void lockInternal() {
    Uninterruptibly.run(() -> mutex.lock(Futex.FOREVER, null));
  }

  @Override
  public void abort() {
    checkOpen();
    lockInternal();
    try {
      if (!broken()) {
        breakLocked(MemoryAccess.longPlain(m, BARRIER_ROUND_OFFSET));
      }
    } finally {
      mutex.unlock(this);
    }
  }

  @Override
  public void reset() {
    checkOpen();
    lockInternal();
    try {
      long round = MemoryAccess.longPlain(m, BARRIER_ROUND_OFFSET);
      if (MemoryAccess.intPlain(m, BARRIER_ARRIVED_OFFSET) > 0) {
        MemoryAccess.setLongVolatile(
            m, BARRIER_BROKEN_ROUND_OFFSET, round); // its waiters get BrokenBarrierException
      }
      MemoryAccess.setIntVolatile(m, BARRIER_ARRIVED_OFFSET, 0);
      MemoryAccess.setIntVolatile(m, BARRIER_BROKEN_OFFSET, 0);
      MemoryAccess.setLongVolatile(m, BARRIER_ROUND_OFFSET, round + 1);
      phase.getAndAdd(1);
      phase.wake(Integer.MAX_VALUE);
    } finally {
      mutex.unlock(this);
    }
  }

  @Override
  public boolean isBroken() {
    checkOpen();
    return broken();
  }

  @Override
  public int parties() {
    return parties;
  }

  @Override
  public int numberWaiting() {
    checkOpen();
    return broken() ? 0 : MemoryAccess.intVolatile(m, BARRIER_ARRIVED_OFFSET);
  }

  @Override
  public String toString() {
    return "Barrier "
        + name
        + " ["
        + numberWaiting()
        + " of "
        + parties
        + " waiting"
        + (broken() ? ", broken" : "")
        + "]";
  }
}
