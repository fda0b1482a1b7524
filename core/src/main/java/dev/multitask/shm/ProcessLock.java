package dev.multitask.shm;

import java.lang.foreign.MemorySegment;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A robust mutual-exclusion lock across processes, on one 64-bit owner word in a
 * {@link SharedSegment} plus a 32-bit futex sequence word and a 32-bit waiter count.
 *
 * <p>Any thread of any process that maps the segment may lock; the thread that locked must unlock.
 * Not reentrant: locking again from the owning thread is an {@link IllegalStateException}. Threads
 * of one JVM queue first on a JVM-local {@link ReentrantLock} shared by every {@code ProcessLock}
 * on the same segment name and offset, so the shared word arbitrates only between processes.
 *
 * <p><b>Robustness:</b> if the process recorded as owner is no longer alive (no such pid, a zombie,
 * or a pid reused by a process started at another time), the next locker takes the lock over and
 * {@link #lock} returns {@link Outcome#OWNER_DIED}: whatever the lock protected may be half-updated,
 * and the caller repairs it before it unlocks. A dead owner wakes nobody, so a waiter checks the
 * owner's liveness after {@value #OWNER_CHECK_MILLIS} ms of waiting, then at intervals that double
 * up to {@value #MAX_OWNER_CHECK_MILLIS} ms (a long wait costs almost no CPU); a takeover needs a
 * timeout of at least the first interval, a shorter wait reports {@link Outcome#TIMED_OUT}.
 *
 * <p>Memory consistency effects: actions of a process before it unlocks happen-before the actions
 * of whichever process locks next, its thread included, and also after an owner died (up to the
 * point where it died). Progress: blocking; waits spin for about {@link Futex#SPIN_NANOS} and then
 * block on the futex word. {@link #lock} is interruptible (it throws {@link InterruptedException}
 * and leaves the flag clear) and timed; a timeout is reported as {@link Outcome#TIMED_OUT}.
 * Limits: owners are told apart by pid, so all users must share one pid namespace.
 */
final class ProcessLock {
  /*
   * Owner word: 0 when free, else (pid << 32) | (low 32 bits of the owner's start time in seconds,
   * or 0 if unknown). The start time tells a live owner from an unrelated process that reused a
   * dead owner's pid. Lock: CAS 0 -> self; on failure register as waiter (getAndAdd, a full fence),
   * read the sequence, re-read the owner word, and futex-wait on the sequence. Unlock: store 0
   * (release), full fence, and only if the waiter count is non-zero bump the sequence and wake one:
   * the fences on both sides make sure a waiter either sees the free word or is counted. A woken
   * waiter that gives up (timeout, interrupt) passes a wake on if the word is free and others wait,
   * since the wake it got may have been the only one.
   */
  enum Outcome {
    /** The lock is held by the caller. */
    LOCKED,
    /** The lock is held by the caller, taken over from an owner process that died holding it. */
    OWNER_DIED,
    /** The timeout elapsed; the lock is not held. */
    TIMED_OUT
  }

  static final long OWNER_CHECK_MILLIS = 20;
  static final long MAX_OWNER_CHECK_MILLIS = 1000;
  private static final long OWNER_CHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(OWNER_CHECK_MILLIS);
  private static final long MAX_OWNER_CHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(MAX_OWNER_CHECK_MILLIS);
  private static final long SELF = Liveness.SELF;

  /** JVM-local locks by {@code segment name@offset}, counted so that a closed ring drops its entry. */
  private static final ConcurrentHashMap<String, LocalLock> LOCAL = new ConcurrentHashMap<>();

  private static final class LocalLock {
    final ReentrantLock lock = new ReentrantLock();
    int references; // guarded by LOCAL's bin lock (compute)
  }

  private final MemorySegment memory;
  private final long ownerOffset;
  private final long seqOffset;
  private final long waitersOffset;
  private final String key;
  private final ReentrantLock local;
  private final Futex futex = Futex.get();

  ProcessLock(SharedSegment segment, long ownerOffset, long seqOffset, long waitersOffset) {
    this.memory = segment.memory();
    this.ownerOffset = ownerOffset;
    this.seqOffset = seqOffset;
    this.waitersOffset = waitersOffset;
    this.key = segment.name() + "@" + ownerOffset;
    this.local = LOCAL.compute(key, (k, v) -> {
      LocalLock l = v == null ? new LocalLock() : v;
      l.references++;
      return l;
    }).lock;
  }

  /**
   * Acquires the lock, waiting at most {@code timeoutNanos} ({@link Futex#FOREVER} for no limit).
   *
   * @return {@link Outcome#LOCKED}, {@link Outcome#OWNER_DIED} (locked, the previous owner died
   *     holding it) or {@link Outcome#TIMED_OUT}
   * @throws InterruptedException if interrupted while waiting; the lock is then not held
   * @throws IllegalStateException if the calling thread already holds the lock
   */
  Outcome lock(long timeoutNanos) throws InterruptedException {
    if (local.isHeldByCurrentThread()) {
      throw new IllegalStateException("ProcessLock is not reentrant: " + this);
    }
    if (local.tryLock() && MemoryAccess.casLong(memory, ownerOffset, 0, SELF)) {
      return Outcome.LOCKED; // the uncontended path: no clock read
    }
    long start = System.nanoTime();
    if (!local.isHeldByCurrentThread() && !local.tryLock(timeoutNanos, TimeUnit.NANOSECONDS)) {
      return Outcome.TIMED_OUT;
    }
    boolean locked = false;
    try {
      if (MemoryAccess.casLong(memory, ownerOffset, 0, SELF)) {
        locked = true;
        return Outcome.LOCKED;
      }
      Outcome outcome = lockShared(timeoutNanos - (System.nanoTime() - start), start, timeoutNanos);
      locked = outcome != Outcome.TIMED_OUT;
      return outcome;
    } finally {
      if (!locked) {
        local.unlock();
      }
    }
  }

  /**
   * Acquires the lock, waiting as long as it takes.
   *
   * @return whether the lock was taken over from an owner process that died holding it
   * @throws InterruptedException if interrupted while waiting; the lock is then not held
   */
  boolean lockInterruptibly() throws InterruptedException {
    Outcome outcome;
    do {
      outcome = lock(Futex.FOREVER);
    } while (outcome == Outcome.TIMED_OUT); // FOREVER is some 292 years: belt and braces
    return outcome == Outcome.OWNER_DIED;
  }

  private Outcome lockShared(long remaining, long start, long timeoutNanos) throws InterruptedException {
    // reading /proc costs tens of microseconds: only an owner we have waited on for a slice is checked
    long checkedAt = System.nanoTime();
    long checkEvery = OWNER_CHECK_NANOS;
    while (true) {
      long owner = MemoryAccess.longVolatile(memory, ownerOffset);
      if (owner == 0) {
        if (MemoryAccess.casLong(memory, ownerOffset, 0, SELF)) {
          return Outcome.LOCKED;
        }
        continue;
      }
      if (owner == SELF) {
        // this JVM holds the local lock, so no thread of it can own the word: one skipped unlock
        throw new IllegalStateException("ProcessLock word owned by this process while none of its threads holds"
            + " the lock (a thread skipped unlock?): " + this);
      }
      long now = System.nanoTime();
      if (now - checkedAt >= checkEvery) {
        if (!Liveness.alive(owner)) {
          if (MemoryAccess.casLong(memory, ownerOffset, owner, SELF)) {
            return Outcome.OWNER_DIED;
          }
          continue;
        }
        checkedAt = now;
        checkEvery = Math.min(checkEvery * 2, MAX_OWNER_CHECK_NANOS);
      }
      if (remaining <= 0) {
        passOnWake();
        return Outcome.TIMED_OUT;
      }
      MemoryAccess.getAndAddInt(memory, waitersOffset, 1);
      try {
        int seq = MemoryAccess.intVolatile(memory, seqOffset);
        if (MemoryAccess.longVolatile(memory, ownerOffset) == owner) {
          futex.wait(memory, seqOffset, seq, Math.min(remaining, checkEvery));
        }
      } catch (InterruptedException e) {
        MemoryAccess.getAndAddInt(memory, waitersOffset, -1);
        passOnWake();
        throw e;
      }
      MemoryAccess.getAndAddInt(memory, waitersOffset, -1);
      remaining = timeoutNanos - (System.nanoTime() - start);
    }
  }

  /**
   * Releases the lock.
   *
   * @throws IllegalStateException if the calling thread does not hold it
   */
  void unlock() {
    if (!local.isHeldByCurrentThread() || MemoryAccess.longVolatile(memory, ownerOffset) != SELF) {
      throw new IllegalStateException("ProcessLock not held by the calling thread: " + this);
    }
    MemoryAccess.setLongRelease(memory, ownerOffset, 0);
    MemoryAccess.fullFence(); // the store of 0 before the read of waiters, against a waiter's getAndAdd
    if (MemoryAccess.intVolatile(memory, waitersOffset) > 0) {
      MemoryAccess.getAndAddInt(memory, seqOffset, 1);
      futex.wake(memory, seqOffset, 1);
    }
    local.unlock();
  }

  private void passOnWake() {
    if (MemoryAccess.longVolatile(memory, ownerOffset) == 0 && MemoryAccess.intVolatile(memory, waitersOffset) > 0) {
      MemoryAccess.getAndAddInt(memory, seqOffset, 1);
      futex.wake(memory, seqOffset, 1);
    }
  }

  /** Whether the calling thread holds the lock. */
  boolean isHeldByCurrentThread() {
    return local.isHeldByCurrentThread();
  }

  /** Drops this instance's reference to the JVM-local lock; the lock must not be used afterwards. */
  void release() {
    LOCAL.computeIfPresent(key, (k, v) -> --v.references == 0 ? null : v);
  }

  @Override
  public String toString() {
    long owner = MemoryAccess.longVolatile(memory, ownerOffset);
    return "ProcessLock[" + key + ", owner pid=" + (owner >>> 32) + "]";
  }
}
