package dev.multitask.sync;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A mutual-exclusion lock, as Python's {@code multiprocessing.Lock} / {@code threading.Lock}; a
 * {@link java.util.concurrent.locks.Lock}. Not reentrant: a thread that locks it twice waits for
 * itself (with deadlock detection on, it is told so). Like Python's lock, and unlike {@code
 * ReentrantLock}, it may be unlocked by any thread of any process, not only the one that locked it;
 * unlocking a lock that is not locked is an {@link IllegalStateException}.
 *
 * <pre>{@code
 * try (var _ = lock.hold()) {
 *   ... // one job at a time
 * }
 * }</pre>
 *
 * <p><b>A holder that dies.</b> When the process holding a process lock dies, the next locker takes
 * the lock over (within a second of waiting) instead of waiting forever, and {@link #ownerDied()}
 * tells it so until it unlocks: whatever the lock protected may be half-updated. A flag rather than
 * an exception, so that a try-with-resources block still unlocks.
 *
 * <p>Memory consistency effects: actions before an unlock happen-before the actions after the next
 * successful lock, in whichever thread or process that is.
 */
public interface Lock extends java.util.concurrent.locks.Lock {
  /**
   * Locks, waiting as long as it takes, and returns a {@link Hold} whose {@code close()} unlocks.
   * Not interruptible, as {@link #lock()}.
   *
   * @return the hold; close it to unlock
   * @throws DeadlockException if deadlock detection is on and waiting would close a wait-for cycle
   */
  Hold hold();

  /**
   * Locks, waiting at most {@code timeout}, as Python's {@code acquire(timeout=...)}.
   *
   * @param timeout how long to wait at most
   * @return whether the lock is now held by the caller
   * @throws InterruptedException if interrupted while waiting; the lock is then not held
   * @throws DeadlockException if the wait timed out while the caller is part of a wait-for cycle
   * @throws NullPointerException if {@code timeout} is null
   * @throws IllegalArgumentException if {@code timeout} is negative
   */
  boolean tryLock(Duration timeout) throws InterruptedException;

  @Override
  default boolean tryLock(long time, TimeUnit unit) throws InterruptedException {
    return tryLock(Duration.of(Math.max(0, time), unit.toChronoUnit()));
  }

  /**
   * Whether some thread of some process holds the lock now: a snapshot, as Python's {@code
   * locked()}.
   *
   * @return whether it is locked
   */
  boolean isLocked();

  /**
   * Whether the calling thread locked the lock and it has not been unlocked since.
   *
   * @return whether the caller holds it
   */
  boolean isHeldByCurrentThread();

  /**
   * Whether the caller holds the lock taken over from a process that died holding it; {@code false}
   * for threads and coroutines, where nobody dies holding a lock without the JVM going too.
   *
   * @return whether the previous holder died holding it
   */
  boolean ownerDied();

  /**
   * A condition bound to this lock, as {@code ctx.condition(this)}.
   *
   * @return a new condition
   */
  @Override
  Condition newCondition();
}
