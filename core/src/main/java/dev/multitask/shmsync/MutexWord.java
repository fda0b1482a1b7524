package dev.multitask.shmsync;

import static dev.multitask.shmsync.SyncLayout.MUTEX_DIED;
import static dev.multitask.shmsync.SyncLayout.MUTEX_HOLDS;
import static dev.multitask.shmsync.SyncLayout.MUTEX_OWNER;
import static dev.multitask.shmsync.SyncLayout.MUTEX_STATE;
import static dev.multitask.shmsync.SyncLayout.MUTEX_THREAD;

import dev.multitask.deadlock.Holder;
import dev.multitask.deadlock.WaitGraph;
import dev.multitask.deadlock.Waitable;
import dev.multitask.shm.Futex;
import dev.multitask.shm.Liveness;
import dev.multitask.shm.MemoryAccess;
import dev.multitask.sync.DeadlockException;
import java.lang.foreign.MemorySegment;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A robust futex mutex across processes on the words drawn in {@link SyncLayout} ("mutex"): the
 * three-state futex lock (free, locked, locked with waiters) with the owner's pid in the state word,
 * so that a locker can tell when the owner died and take the mutex over.
 *
 * <p>Lock: CAS the state from 0 to our pid (the uncontended path: one CAS, no clock read); else
 * spin ~{@code SPIN_NANOS}, then set the {@code WAITERS} bit and futex-wait on the state, and take
 * a freed mutex with {@code WAITERS} set (others may still sleep). Unlock: swap the state to 0
 * (one atomic) and wake one waiter only if the bit was set. Any thread of any process may unlock;
 * the owner fields (pid word, thread id) are informational and written by the holder.
 *
 * <p>A dead owner wakes nobody, so a waiter checks the owner's liveness after
 * {@value #FIRST_CHECK_MILLIS} ms, then at intervals doubling to {@value #MAX_CHECK_MILLIS} ms; a
 * waiter that gives up (timeout, interrupt) wakes another one, since the wake it consumed may have
 * been the only one. The same checks look for a wait-for cycle when deadlock detection is on.
 */
final class MutexWord {
  static final long FIRST_CHECK_MILLIS = 20;
  static final long MAX_CHECK_MILLIS = 1000;
  private static final long FIRST_CHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(FIRST_CHECK_MILLIS);
  private static final long MAX_CHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(MAX_CHECK_MILLIS);
  /** With detection on, a cycle that forms while we wait is seen within this. */
  private static final long MAX_DETECT_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
  private static final long SPIN_NANOS = 10_000;

  static final int WAITERS = 0x8000_0000;
  static final int PID_MASK = 0x7fff_ffff;
  private static final int SELF_PID = selfPid();

  enum Outcome { LOCKED, OWNER_DIED, TIMED_OUT }

  private final MemorySegment m;
  private final long state;
  private final long base;
  private final Futex futex = Futex.get();

  MutexWord(MemorySegment m, long base) {
    this.m = m;
    this.base = base;
    this.state = base + MUTEX_STATE;
  }

  private static int selfPid() {
    long pid = Liveness.SELF_PID;
    if (pid <= 0 || pid > PID_MASK) {
      throw new IllegalStateException("pid " + pid + " does not fit the 31 bits of a process mutex");
    }
    return (int) pid;
  }

  /** Locks if free now, without waiting. */
  boolean tryLock() {
    if (MemoryAccess.casInt(m, state, 0, SELF_PID)) {
      taken(false);
      return true;
    }
    return false;
  }

  /**
   * Locks, waiting at most {@code timeoutNanos} ({@link Futex#FOREVER}: no limit).
   *
   * @param node the lock as the wait-for graph sees it, or null for an internal lock outside the graph
   * @param untimed whether the caller asked for no limit: then a cycle is looked for while waiting
   *     if detection is on; a timed call looks for one when it times out
   * @throws InterruptedException if interrupted while waiting; not locked then
   * @throws DeadlockException if a wait-for cycle through this mutex is found; not locked then
   */
  @SuppressWarnings("try") // the registration lives as long as the wait
  Outcome lock(long timeoutNanos, Waitable node, boolean untimed) throws InterruptedException {
    if (tryLock()) {
      return Outcome.LOCKED;
    }
    if (timeoutNanos <= 0) {
      return Outcome.TIMED_OUT; // a poll: no spin, no wait, no deadlock walk
    }
    long start = System.nanoTime();
    if (spin(start)) {
      return Outcome.LOCKED;
    }
    if (Thread.interrupted()) {
      throw new InterruptedException();
    }
    try (var waiting = node == null ? WaitGraph.Registration.NONE : WaitGraph.waiting(node)) {
      boolean detect = node != null && untimed && WaitGraph.enabled();
      if (detect) {
        throwIfCycle(node);
      }
      long checkedAt = System.nanoTime();
      long checkEvery = detect ? Math.min(FIRST_CHECK_NANOS, MAX_DETECT_NANOS) : FIRST_CHECK_NANOS;
      while (true) {
        int s = MemoryAccess.intVolatile(m, state);
        if (s == 0) {
          if (MemoryAccess.casInt(m, state, 0, SELF_PID | WAITERS)) {
            taken(false);
            return Outcome.LOCKED;
          }
          continue;
        }
        long now = System.nanoTime();
        if (now - checkedAt >= checkEvery) {
          if (!ownerAlive(s & PID_MASK)) {
            if (MemoryAccess.casInt(m, state, s, SELF_PID | WAITERS)) {
              taken(true);
              return Outcome.OWNER_DIED;
            }
            continue;
          }
          if (detect) {
            throwIfCycle(node);
          }
          checkedAt = now;
          checkEvery = Math.min(checkEvery * 2, detect ? MAX_DETECT_NANOS : MAX_CHECK_NANOS);
        }
        long remaining = timeoutNanos - (now - start);
        if (remaining <= 0) {
          passOnWake();
          if (node != null && !untimed && timeoutNanos > 0) { // a poll (tryLock()) only says no
            throwIfCycle(node);
          }
          return Outcome.TIMED_OUT;
        }
        if ((s & WAITERS) == 0 && !MemoryAccess.casInt(m, state, s, s | WAITERS)) {
          continue;
        }
        try {
          futex.wait(m, state, s | WAITERS, Math.min(remaining, checkEvery));
        } catch (InterruptedException e) {
          passOnWake();
          throw e;
        }
      }
    }
  }

  private boolean spin(long start) {
    while (true) {
      for (int i = 0; i < 16; i++) {
        Thread.onSpinWait();
        if (MemoryAccess.intPlain(m, state) == 0 && tryLock()) {
          return true;
        }
      }
      if (System.nanoTime() - start >= SPIN_NANOS) {
        return false;
      }
    }
  }

  private static void throwIfCycle(Waitable node) {
    List<String> cycle = WaitGraph.findCycle(node);
    if (cycle != null) {
      throw new DeadlockException(cycle);
    }
  }

  // plain stores: the fields are for the holder itself and for reports, and the CAS that took the
  // state orders them for the holder; died is 0 after every unlock, so only a takeover writes it
  private void taken(boolean ownerDied) {
    MemoryAccess.setLongPlain(m, base + MUTEX_OWNER, Liveness.SELF);
    MemoryAccess.setLongPlain(m, base + MUTEX_THREAD, Thread.currentThread().threadId());
    if (ownerDied) {
      MemoryAccess.setIntPlain(m, base + MUTEX_DIED, 1);
    }
  }

  private boolean ownerAlive(int pid) {
    long owner = MemoryAccess.longVolatile(m, base + MUTEX_OWNER);
    return Liveness.alive(owner >>> 32 == pid ? owner : (long) pid << 32); // an unrecorded start time matches any
  }

  // a waiter that leaves may have consumed the only wake: hand one on if the mutex is free
  private void passOnWake() {
    if (MemoryAccess.intVolatile(m, state) == 0) {
      futex.wake(m, state, 1);
    }
  }

  /**
   * Unlocks, from any thread of any process.
   *
   * @throws IllegalStateException if the mutex is not locked
   */
  void unlock(Object what) {
    MemoryAccess.setLongPlain(m, base + MUTEX_THREAD, 0); // before the state: a later holder writes its own
    if (MemoryAccess.intPlain(m, base + MUTEX_DIED) != 0) {
      MemoryAccess.setIntPlain(m, base + MUTEX_DIED, 0);
    }
    int old = MemoryAccess.getAndSetInt(m, state, 0); // a full fence: the stores above come first
    if (old == 0) {
      throw notLocked(what);
    }
    if ((old & WAITERS) != 0) {
      futex.wake(m, state, 1);
    }
  }

  private static IllegalStateException notLocked(Object what) {
    return new IllegalStateException(what + " is not locked: unlock only after a successful lock"
        + " (Python raises RuntimeError: release unlocked lock)");
  }

  boolean isLocked() {
    return MemoryAccess.intVolatile(m, state) != 0;
  }

  /** Whether the calling thread took the mutex and nobody unlocked it since. */
  boolean isHeldByCurrentThread() {
    return (MemoryAccess.intVolatile(m, state) & PID_MASK) == SELF_PID
        && MemoryAccess.longAcquire(m, base + MUTEX_THREAD) == Thread.currentThread().threadId();
  }

  /** Whether the holder took the mutex over from a dead owner. */
  boolean ownerDied() {
    return MemoryAccess.intVolatile(m, base + MUTEX_DIED) != 0;
  }

  /** The hold count of an RLock: read and written by the holding thread only. */
  int holds() {
    return MemoryAccess.intPlain(m, base + MUTEX_HOLDS);
  }

  void setHolds(int holds) {
    MemoryAccess.setIntPlain(m, base + MUTEX_HOLDS, holds);
  }

  /** The holder now, or null if free or not yet recorded (a snapshot). */
  Holder holder() {
    int s = MemoryAccess.intVolatile(m, state);
    long thread = MemoryAccess.longAcquire(m, base + MUTEX_THREAD);
    return s == 0 || thread == 0 ? null : new Holder(s & PID_MASK, thread);
  }
}
