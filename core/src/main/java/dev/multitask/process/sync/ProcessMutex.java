package dev.multitask.process.sync;

import dev.multitask.engine.deadlock.Holder;
import dev.multitask.engine.deadlock.WaitGraph;
import dev.multitask.engine.deadlock.Waitable;
import dev.multitask.process.shm.Futex;
import dev.multitask.process.shm.RobustMutex;
import dev.multitask.process.shm.SharedSegment;
import dev.multitask.spi.OnceHold;
import dev.multitask.spi.Timeouts;
import dev.multitask.spi.Uninterruptibly;
import dev.multitask.sync.Condition;
import dev.multitask.sync.DeadlockException;
import dev.multitask.sync.Hold;
import dev.multitask.sync.Lock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * What {@link ShmLock} and {@link ShmRLock} share: the {@link Lock} methods over the segment's
 * {@link RobustMutex}, the wait-for graph's view, and the release/re-acquire a {@link ShmCondition}
 * needs.
 */
abstract sealed class ProcessMutex extends ShmSyncObject
    implements Lock, Waitable, RemoteWaits.Named permits ShmLock, ShmRLock {
  private static final long serialVersionUID = 1L;

  ProcessMutex(SharedSegment segment) {
    super(segment);
  }

  /** Acquires, with the kind's reentrancy; returns whether it locked (false: timed out). */
  abstract boolean acquire(long timeoutNanos, boolean untimed) throws InterruptedException;

  /**
   * Releases all holds of the calling thread for a condition wait; returns what {@link #reacquire}
   * restores.
   */
  abstract int releaseForWait();

  /** Takes the lock again after a condition wait, not interruptibly, and restores the holds. */
  abstract void reacquire(int holds);

  /**
   * Locks the mutex, waiting at most {@code timeoutNanos}, as a node of the wait-for graph: an
   * untimed wait looks for a cycle through this lock while it waits (when detection is on), a timed
   * one when its time runs out; a poll ({@code timeoutNanos} 0) only says no.
   *
   * @throws DeadlockException if a wait-for cycle through this lock is found; not locked then
   */
  @SuppressWarnings("try") // the registration lives as long as the wait
  final boolean lockMutex(long timeoutNanos, boolean untimed) throws InterruptedException {
    checkOpen();
    RobustMutex.Outcome tried = mutex.tryLock();
    if (tried.locked() || timeoutNanos <= 0) {
      return tried.locked();
    }
    try (var waiting = WaitGraph.waiting(this)) {
      boolean detect = untimed && WaitGraph.enabled();
      if (detect) {
        throwIfCycle();
      }
      if (mutex.lock(timeoutNanos, detect ? cycleCheck : null).locked()) {
        return true;
      }
      if (!untimed) {
        throwIfCycle();
      }
      return false;
    }
  }

  private void throwIfCycle() {
    List<String> cycle = WaitGraph.findCycle(this);
    if (cycle != null) {
      throw new DeadlockException(cycle);
    }
  }

  /** With detection on, a cycle that forms while an untimed locker waits is seen within 100 ms. */
  private final transient RobustMutex.WaitCheck cycleCheck =
      new RobustMutex.WaitCheck() {
        @Override
        public void check() {
          throwIfCycle();
        }

        @Override
        public long intervalNanos() {
          return MAX_DETECT_NANOS;
        }
      };

  private static final long MAX_DETECT_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

  final void reacquireMutex() {
    Uninterruptibly.run(() -> lockMutex(Futex.FOREVER, false));
  }

  @Override
  public final void lock() {
    try {
      acquire(Futex.FOREVER, true);
    } catch (InterruptedException e) {
      Uninterruptibly.run(
          () -> acquire(Futex.FOREVER, true)); // lock() is not interruptible: wait on
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public final void lockInterruptibly() throws InterruptedException {
    acquire(Futex.FOREVER, true);
  }

  @Override
  public final boolean tryLock() {
    try {
      return acquire(0, false);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  @Override
  public final boolean tryLock(Duration timeout) throws InterruptedException {
    return acquire(Timeouts.nanos(timeout), false);
  }

  @Override
  public final Hold hold() {
    lock();
    return new OnceHold(this::unlock);
  }

  @Override
  public final boolean isLocked() {
    checkOpen();
    return mutex.isLocked();
  }

  @Override
  public final boolean isHeldByCurrentThread() {
    checkOpen();
    return mutex.isHeldByCurrentThread();
  }

  @Override
  public final boolean ownerDied() {
    checkOpen();
    return mutex.isHeldByCurrentThread() && mutex.ownerDied();
  }

  @Override
  public final Condition newCondition() {
    ShmPrimitives maker = madeBy();
    return maker != null ? maker.condition(this) : ShmPrimitives.unowned(ShmCondition.create(this));
  }

  @Override
  public final Holder holder() {
    return holderNow();
  }

  /** The holder now, or null if free or not yet recorded (a snapshot). */
  private Holder holderNow() {
    long thread = mutex.holderThread();
    long pid = mutex.holderPid();
    return pid == 0 || thread == 0 ? null : new Holder(pid, thread);
  }

  @Override
  public final String lockName() {
    return name;
  }

  @Override
  public final String describe() {
    return (kind() == SyncLayout.Kind.RLOCK ? "RLock " : "Lock ") + name;
  }

  @Override
  public final String toString() {
    Holder holder = holderNow();
    return describe()
        + (holder == null
            ? (isLocked() ? " [locked]" : " [unlocked]")
            : " [held by " + holder + "]");
  }
}
