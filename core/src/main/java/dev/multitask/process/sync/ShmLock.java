package dev.multitask.process.sync;

import dev.multitask.process.shm.SharedSegment;
import java.io.Serial;

/**
 * {@link dev.multitask.sync.Lock} across processes: the segment's {@link
 * dev.multitask.process.shm.RobustMutex}, not reentrant, released by any thread of any process.
 * Also the {@code lock()} of a shared value, over that value's segment.
 */
final class ShmLock extends ProcessMutex {
  @Serial private static final long serialVersionUID = 1L;

  /** What this lock's mapping belongs to, when it is a shared value's lock: kept alive with it. */
  @SuppressWarnings({"unused", "FieldCanBeLocal"}) // held only to keep the value reachable
  private final transient Object value;

  ShmLock(SharedSegment segment) {
    this(segment, null);
  }

  /** A view of {@code value}'s mutex over its segment, which {@code value} owns. */
  ShmLock(SharedSegment segment, Object value) {
    super(segment);
    this.value = value;
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
    checkOpen();
    mutex.unlock(this); // described only if it fails
  }

  @Override
  int releaseForWait() {
    if (!mutex.isHeldByCurrentThread()) {
      throw new IllegalMonitorStateException(
          "the calling thread must hold " + describe() + " to wait on or signal its condition");
    }
    mutex.unlock(this); // described only if it fails
    return 1;
  }

  @Override
  void reacquire(int holds) {
    reacquireMutex();
  }
}
