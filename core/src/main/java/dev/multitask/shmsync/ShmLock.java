package dev.multitask.shmsync;

import dev.multitask.shm.SharedSegment;
import java.io.Serial;

/**
 * {@link dev.multitask.sync.Lock} across processes: the segment's {@link dev.multitask.shm.RobustMutex}, not reentrant,
 * released by any thread of any process. Also the {@code lock()} of a shared value, over that
 * value's segment.
 */
final class ShmLock extends ProcessMutex {
  @Serial private static final long serialVersionUID = 1L;

  ShmLock(SharedSegment segment) {
    super(segment);
  }

  static ShmLock create() {
    return new ShmLock(create(SyncLayout.Kind.LOCK, SyncLayout.BODY_OFFSET, 0, false, 0));
  }

  @Override
  SyncLayout.Kind kind() {
    return SyncLayout.Kind.LOCK;
  }

  @Override
  boolean acquire(long timeoutNanos, boolean untimed) throws InterruptedException {
    return lockMutex(timeoutNanos, untimed);
  }

  @Override
  public void unlock() {
    mutex.unlock(this); // described only if it fails
  }

  @Override
  int releaseForWait() {
    if (!mutex.isHeldByCurrentThread()) {
      throw new IllegalMonitorStateException("the calling thread must hold " + describe()
          + " to wait on or signal its condition");
    }
    mutex.unlock(this); // described only if it fails
    return 1;
  }

  @Override
  void reacquire(int holds) {
    reacquireMutex();
  }
}
