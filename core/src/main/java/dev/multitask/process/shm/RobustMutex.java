package dev.multitask.process.shm;

import java.lang.foreign.MemorySegment;
import java.util.concurrent.TimeUnit;

/**
 * The one robust mutual-exclusion lock across processes: every process queue's internal locks and
 * every process lock, rlock, semaphore, event, condition, barrier and shared value are built on it.
 * It lives in {@value #SIZE} bytes of a {@link SharedSegment}, at an offset its user chooses:
 *
 * <pre>
 *   offset  size
 *      0     4   state: 0 free, else the holder's pid | {@code WAITERS} (bit 31); the futex word
 *      4     4   owner died: 1 from a takeover of a dead holder's lock until the next unlock
 *      8     8   owner word of the holder (pid &lt;&lt; 32 | start time, {@link Liveness}): tells a
 *                live holder from an unrelated process that reused a dead holder's pid
 *     16     8   holder's thread id, 0 once unlocked: reentrancy (an RLock) and reports
 *     24     4   hold count: an RLock's, read and written by its holder only
 *     28     4   unused
 * </pre>
 *
 * <p>Any thread of any process that maps the segment may lock, and any thread may unlock (as
 * Python's {@code Lock.release}); {@link #isHeldByCurrentThread()} tells an RLock its owner. Not
 * reentrant by itself.
 *
 * <p><b>Robustness:</b> a holder that dies wakes nobody, so every acquire form checks whether the
 * holder still runs: the non-blocking {@link #tryLock()} and a timed {@link #lock} as soon as they
 * find the mutex held, and a blocked waiter again at intervals doubling from {@value
 * #FIRST_CHECK_MILLIS} ms to {@value #MAX_CHECK_MILLIS} ms. A check reads {@code /proc} (tens of
 * microseconds), so a verdict that a holder is alive is reused for {@value #ALIVE_VERDICT_MILLIS}
 * ms: a caller polling {@code tryLock()} in a loop takes a dead holder's mutex over within that
 * long, and a failed {@code tryLock()} stays cheap. The taker gets {@link Outcome#OWNER_DIED}:
 * whatever the mutex protected may be half-updated, and the taker repairs it before it unlocks.
 *
 * <p>Memory consistency effects: actions of a process before it unlocks happen-before the actions
 * of whichever process locks next (and, after a takeover, the dead holder's actions up to where it
 * died). Progress: blocking; a contended lock spins for about {@link Futex#SPIN_NANOS} and then
 * waits on the futex word, using no CPU. {@link #lock} is timed and interruptible: an interrupt
 * throws {@link InterruptedException} with the flag cleared and the mutex not held. Limits: pids
 * must fit 31 bits, and all users share one pid namespace.
 */
public final class RobustMutex {
  /*
   * Lock: CAS the state from 0 to our pid (the uncontended path: one CAS, no clock read); else
   * spin, then set WAITERS and futex-wait on the state; a freed mutex is taken with WAITERS set,
   * since others may still sleep. Unlock: swap the state to 0 (one atomic, a full fence after the
   * stores of the owner fields) and wake one waiter only if WAITERS was set. A waiter that gives up
   * (timeout, interrupt) hands a wake on if the mutex is free: the wake it consumed may have been
   * the only one. A takeover CASes the exact state seen when the holder was found dead, keeping
   * WAITERS, so two takers cannot both win.
   */

  /** The bytes a mutex takes. */
  public static final long SIZE = 32;

  static final long FIRST_CHECK_MILLIS = 20;
  static final long MAX_CHECK_MILLIS = 1000;
  static final long ALIVE_VERDICT_MILLIS = 10;

  private static final long STATE = 0;
  private static final long DIED = 4;
  private static final long OWNER = 8;
  private static final long THREAD = 16;
  private static final long HOLDS = 24;

  private static final long FIRST_CHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(FIRST_CHECK_MILLIS);
  private static final long MAX_CHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(MAX_CHECK_MILLIS);
  private static final long ALIVE_VERDICT_NANOS =
      TimeUnit.MILLISECONDS.toNanos(ALIVE_VERDICT_MILLIS);

  static final int WAITERS = 0x8000_0000;
  static final int PID_MASK = 0x7fff_ffff;
  private static final int SELF_PID = selfPid();

  /** How an acquire ended. */
  public enum Outcome {
    /** The mutex is held by the caller. */
    LOCKED,
    /** The mutex is held by the caller, taken over from a holder process that died holding it. */
    OWNER_DIED,
    /** The time ran out (at once, for {@link #tryLock()}); the mutex is not held. */
    TIMED_OUT;

    /** Whether the caller holds the mutex. */
    public boolean locked() {
      return this != TIMED_OUT;
    }
  }

  /**
   * What a blocked waiter does at each liveness check besides checking the holder: the sync layer's
   * deadlock detection. It may throw (an unchecked exception) to give up; the mutex is then not
   * held.
   */
  public interface WaitCheck {
    /** Looks for a reason to give up; throws to give up. */
    void check();

    /** The longest time between two checks. */
    long intervalNanos();
  }

  private final MemorySegment m;
  private final long state;
  private final long base;
  private final Futex futex = Futex.get();

  /**
   * A view of the mutex at {@code base} of {@code m}; all views of the same bytes are one mutex.
   *
   * @throws IllegalArgumentException if the mutex does not fit or {@code base} is not 8-aligned
   */
  public RobustMutex(MemorySegment m, long base) {
    if (base < 0 || base % 8 != 0 || base + SIZE > m.byteSize()) {
      throw new IllegalArgumentException(
          "a robust mutex needs "
              + SIZE
              + " bytes at an 8-aligned offset:"
              + " base="
              + base
              + ", segment size="
              + m.byteSize());
    }
    this.m = m;
    this.base = base;
    this.state = base + STATE;
  }

  private static int selfPid() {
    long pid = Liveness.SELF_PID;
    if (pid <= 0 || pid > PID_MASK) {
      throw new IllegalStateException(
          "pid " + pid + " does not fit the 31 bits of a process mutex");
    }
    return (int) pid;
  }

  /**
   * Locks if the mutex is free, or takes it over if its holder is dead (as far as a verdict at most
   * {@value #ALIVE_VERDICT_MILLIS} ms old tells), without waiting.
   */
  public Outcome tryLock() {
    int s = MemoryAccess.intVolatile(m, state);
    if (s == 0) {
      if (MemoryAccess.casInt(m, state, 0, SELF_PID)) {
        taken(false);
        return Outcome.LOCKED;
      }
      s = MemoryAccess.intVolatile(m, state);
    }
    return s != 0 && takeOverIfDead(s, true) ? Outcome.OWNER_DIED : Outcome.TIMED_OUT;
  }

  /**
   * Locks, waiting at most {@code timeoutNanos} ({@link Futex#FOREVER}: no limit; 0 or less: as
   * {@link #tryLock()}).
   *
   * @param check what to do at each liveness check while blocked, or null
   * @throws InterruptedException if interrupted while waiting; not locked then
   */
  public Outcome lock(long timeoutNanos, WaitCheck check) throws InterruptedException {
    Outcome tried = tryLock();
    if (tried.locked() || timeoutNanos <= 0) {
      return tried;
    }
    long start = System.nanoTime();
    if (spin(start)) {
      return Outcome.LOCKED;
    }
    if (Thread.interrupted()) {
      throw new InterruptedException();
    }
    long maxInterval =
        check == null ? MAX_CHECK_NANOS : Math.min(MAX_CHECK_NANOS, check.intervalNanos());
    long checkEvery = Math.min(FIRST_CHECK_NANOS, maxInterval);
    long checkedAt = System.nanoTime();
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
        if (takeOverIfDead(s, false)) {
          return Outcome.OWNER_DIED;
        }
        if (check != null) {
          try {
            check.check();
          } catch (RuntimeException | Error e) {
            passOnWake();
            throw e;
          }
        }
        checkedAt = now;
        checkEvery = Math.min(checkEvery * 2, maxInterval);
      }
      long remaining = timeoutNanos - (now - start);
      if (remaining <= 0) {
        passOnWake();
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

  /**
   * Locks, waiting as long as it takes.
   *
   * @return whether the mutex was taken over from a holder process that died holding it
   * @throws InterruptedException if interrupted while waiting; not locked then
   */
  public boolean lockInterruptibly() throws InterruptedException {
    Outcome outcome;
    do {
      outcome = lock(Futex.FOREVER, null);
    } while (!outcome.locked()); // FOREVER is some 292 years: belt and braces
    return outcome == Outcome.OWNER_DIED;
  }

  private boolean spin(long start) {
    while (true) {
      for (int i = 0; i < 16; i++) {
        Thread.onSpinWait();
        if (MemoryAccess.intPlain(m, state) == 0 && MemoryAccess.casInt(m, state, 0, SELF_PID)) {
          taken(false);
          return true;
        }
      }
      if (System.nanoTime() - start >= Futex.SPIN_NANOS) {
        return false;
      }
    }
  }

  // s: a non-zero state just read; takes the mutex over if its holder is dead
  private boolean takeOverIfDead(int s, boolean cachedVerdict) {
    int pid = s & PID_MASK;
    if (pid == SELF_PID) {
      return false; // a thread of this process holds it
    }
    long owner = MemoryAccess.longVolatile(m, base + OWNER);
    // a holder that has not recorded its owner word yet: its pid alone, any start time
    long word = owner >>> 32 == pid ? owner : (long) pid << 32;
    boolean alive =
        cachedVerdict ? Liveness.aliveRecently(word, ALIVE_VERDICT_NANOS) : Liveness.alive(word);
    if (alive || !MemoryAccess.casInt(m, state, s, SELF_PID | (s & WAITERS))) {
      return false;
    }
    taken(true);
    return true;
  }

  // plain stores: the fields are for the holder itself and for reports, and the CAS that took the
  // state orders them for the holder; died is 0 after every unlock, so only a takeover writes it
  private void taken(boolean ownerDied) {
    MemoryAccess.setLongPlain(m, base + OWNER, Liveness.SELF);
    MemoryAccess.setLongPlain(m, base + THREAD, Thread.currentThread().threadId());
    if (ownerDied) {
      MemoryAccess.setIntPlain(m, base + DIED, 1);
    }
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
   * @param what the object the mutex belongs to, for the message of a failure
   * @throws IllegalStateException if the mutex is not locked
   */
  public void unlock(Object what) {
    MemoryAccess.setLongPlain(
        m, base + THREAD, 0); // before the state: a later holder writes its own
    if (MemoryAccess.intPlain(m, base + DIED) != 0) {
      MemoryAccess.setIntPlain(m, base + DIED, 0);
    }
    int old = MemoryAccess.getAndSetInt(m, state, 0); // a full fence: the stores above come first
    if (old == 0) {
      throw new IllegalStateException(
          what
              + " is not locked: unlock only after a successful lock"
              + " (Python raises RuntimeError: release unlocked lock)");
    }
    if ((old & WAITERS) != 0) {
      futex.wake(m, state, 1);
    }
  }

  /** Whether some thread of some process holds the mutex (a snapshot). */
  public boolean isLocked() {
    return MemoryAccess.intVolatile(m, state) != 0;
  }

  /** Whether the calling thread took the mutex and nobody unlocked it since. */
  public boolean isHeldByCurrentThread() {
    return (MemoryAccess.intVolatile(m, state) & PID_MASK) == SELF_PID
        && MemoryAccess.longAcquire(m, base + THREAD) == Thread.currentThread().threadId();
  }

  /** Whether the holder took the mutex over from a dead holder (until it unlocks). */
  public boolean ownerDied() {
    return MemoryAccess.intVolatile(m, base + DIED) != 0;
  }

  /** An RLock's hold count: read and written by the holding thread only. */
  public int holds() {
    return MemoryAccess.intPlain(m, base + HOLDS);
  }

  /** Sets an RLock's hold count; holding thread only. */
  public void setHolds(int holds) {
    MemoryAccess.setIntPlain(m, base + HOLDS, holds);
  }

  /** The holder's pid, or 0 when free (a snapshot). */
  public long holderPid() {
    return MemoryAccess.intVolatile(m, state) & PID_MASK;
  }

  /** The holder's thread id, or 0 when free or not yet recorded (a snapshot). */
  public long holderThread() {
    return MemoryAccess.intVolatile(m, state) == 0 ? 0 : MemoryAccess.longAcquire(m, base + THREAD);
  }

  @Override
  public String toString() {
    int s = MemoryAccess.intVolatile(m, state);
    return "RobustMutex[" + (s == 0 ? "free" : "held by pid " + (s & PID_MASK)) + "]";
  }
}
