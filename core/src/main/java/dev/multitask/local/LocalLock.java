package dev.multitask.local;

import java.io.Serial;
import java.util.concurrent.locks.AbstractQueuedSynchronizer;

/**
 * The {@link dev.multitask.sync.Lock} of the thread and coroutine backends: Python's {@code
 * threading.Lock} for platform and virtual threads of one JVM. Not reentrant (a thread that locks
 * it twice waits for itself; with deadlock detection on it gets a {@link
 * dev.multitask.sync.DeadlockException}); any thread may unlock it, not only the one that locked
 * it; unlocking it while unlocked is an {@link IllegalStateException}.
 *
 * <p>Not fair: a thread that finds the lock free takes it, ahead of waiters. Blocking uses {@link
 * AbstractQueuedSynchronizer} parking, so a waiting virtual thread frees its carrier. {@link
 * #lockInterruptibly()} and the timed {@code tryLock} are interruptible; {@link #lock()} and {@link
 * #hold()} are not (an interrupt during the wait is kept for later).
 *
 * <p>Memory consistency effects: actions before an {@code unlock}, in any thread, happen-before the
 * actions after the next successful lock.
 */
final class LocalLock extends AbstractLocalLock {
  /*
   * AQS state 0 = unlocked, 1 = locked. The owner (last locker) is a field of our own rather than
   * AQS's exclusiveOwnerThread because other threads read it (holder(), for the wait-for graph)
   * and that field is not volatile. Release clears the owner before the state, so that a new
   * locker's owner write is never wiped.
   */

  private final Sync sync = new Sync();

  LocalLock(String backend) {
    super("Lock", backend);
  }

  private static final class Sync extends AbstractQueuedSynchronizer {
    @Serial private static final long serialVersionUID = 1L;

    private transient volatile Thread owner;

    @Override
    protected boolean tryAcquire(int ignored) {
      if (compareAndSetState(0, 1)) {
        owner = Thread.currentThread();
        return true;
      }
      return false;
    }

    /** Any thread may release, as Python's Lock; false if the lock was not locked. */
    @Override
    protected boolean tryRelease(int ignored) {
      if (getState() == 0) {
        return false;
      }
      owner = null;
      return compareAndSetState(1, 0);
    }

    boolean locked() {
      return getState() != 0;
    }

    Thread owner() {
      Thread t = owner;
      return t != null && locked() ? t : null;
    }
  }

  @Override
  boolean acquireNow() {
    return sync.tryAcquire(1);
  }

  @Override
  boolean acquireNanos(long nanos) throws InterruptedException {
    return sync.tryAcquireNanos(1, nanos);
  }

  @Override
  void acquireUninterruptibly() {
    sync.acquire(1);
  }

  @Override
  void acquireInterruptibly() throws InterruptedException {
    sync.acquireInterruptibly(1);
  }

  @Override
  Thread owner() {
    return sync.owner();
  }

  @Override
  int releaseAll() {
    unlock();
    return 1;
  }

  @Override
  public void unlock() {
    if (!sync.release(1)) {
      throw new IllegalStateException(
          "unlock of "
              + describe()
              + ", which is not locked: unlock once per lock"
              + " (try (var held = lock.hold()) { ... } does it for you)");
    }
  }

  @Override
  public boolean isLocked() {
    return sync.locked();
  }

  @Override
  public boolean isHeldByCurrentThread() {
    return sync.owner() == Thread.currentThread();
  }
}
