package dev.multitask.process.sync;

import dev.multitask.process.shm.SharedSegment;
import dev.multitask.sync.RLock;
import java.io.Serial;

/**
 * {@link RLock} across processes: the segment's {@link dev.multitask.process.shm.RobustMutex},
 * owned by one thread of one process, with a hold count in the segment that only the holding thread
 * reads and writes.
 */
final class ShmRLock extends ProcessMutex implements RLock {
  @Serial private static final long serialVersionUID = 1L;

  ShmRLock(SharedSegment segment) {
    super(segment);
  }

  static ShmRLock create() {
    return new ShmRLock(create(SyncLayout.Kind.RLOCK, SyncLayout.BODY_OFFSET, 0, false, 0));
  }

  @Override
  SyncLayout.Kind kind() {
    return SyncLayout.Kind.RLOCK;
  }

  @Override
  boolean acquire(long timeoutNanos, boolean untimed) throws InterruptedException {
    checkOpen();
    if (mutex.isHeldByCurrentThread()) {
      int holds = mutex.holds();
      if (holds == Integer.MAX_VALUE) {
        throw new IllegalStateException(
            "RLock " + name + " held too many times by this thread: " + holds);
      }
      mutex.setHolds(holds + 1);
      return true;
    }
    if (!lockMutex(timeoutNanos, untimed)) {
      return false;
    }
    mutex.setHolds(1);
    return true;
  }

  @Override
  public void unlock() {
    checkOpen();
    if (!mutex.isHeldByCurrentThread()) {
      throw new IllegalMonitorStateException(
          "RLock "
              + name
              + " is not held by the calling thread ("
              + holder()
              + " holds it): only its owner may release it");
    }
    int holds = mutex.holds() - 1;
    mutex.setHolds(holds);
    if (holds == 0) {
      mutex.unlock(this); // described only if it fails
    }
  }

  @Override
  public int holdCount() {
    checkOpen();
    return mutex.isHeldByCurrentThread() ? mutex.holds() : 0;
  }

  @Override
  int releaseForWait() {
    if (!mutex.isHeldByCurrentThread()) {
      throw new IllegalMonitorStateException(
          "the calling thread must hold " + describe() + " to wait on or signal its condition");
    }
    int holds = mutex.holds();
    mutex.setHolds(0);
    mutex.unlock(this); // described only if it fails
    return holds;
  }

  @Override
  void reacquire(int holds) {
    reacquireMutex();
    mutex.setHolds(holds);
  }
}
