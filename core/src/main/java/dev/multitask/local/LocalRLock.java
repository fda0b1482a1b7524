package dev.multitask.local;

import dev.multitask.sync.RLock;
import java.io.Serial;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The {@link RLock} of the thread and coroutine backends: Python's {@code threading.RLock} for
 * platform and virtual threads of one JVM, a {@link ReentrantLock} underneath. The holding thread
 * may lock it again; it is free once that thread unlocked it as many times. Only the holder may
 * unlock ({@link IllegalMonitorStateException} otherwise, also when it is not locked).
 *
 * <p>Not fair. {@link #lockInterruptibly()} and the timed {@code tryLock} are interruptible; {@link
 * #lock()} and {@link #hold()} are not. Limit: {@code Integer.MAX_VALUE} holds.
 *
 * <p>Memory consistency effects: as {@link ReentrantLock}'s.
 */
final class LocalRLock extends AbstractLocalLock implements RLock {
  private final Sync sync = new Sync();

  LocalRLock(String backend) {
    super("RLock", backend);
  }

  /** Opens {@link ReentrantLock#getOwner()}, which the wait-for graph reads. */
  private static final class Sync extends ReentrantLock {
    @Serial private static final long serialVersionUID = 1L;

    Thread owner() {
      return getOwner();
    }
  }

  @Override
  boolean acquireNow() {
    return sync.tryLock();
  }

  @Override
  boolean acquireNanos(long nanos) throws InterruptedException {
    return sync.tryLock(nanos, TimeUnit.NANOSECONDS);
  }

  @Override
  void acquireUninterruptibly() {
    sync.lock();
  }

  @Override
  void acquireInterruptibly() throws InterruptedException {
    sync.lockInterruptibly();
  }

  @Override
  Thread owner() {
    return sync.owner();
  }

  @Override
  int releaseAll() {
    int holds = sync.getHoldCount();
    for (int i = 0; i < holds; i++) {
      sync.unlock();
    }
    return holds;
  }

  @Override
  public void unlock() {
    if (!sync.isHeldByCurrentThread()) {
      throw new IllegalMonitorStateException(
          "unlock of "
              + describe()
              + " by a thread that does not hold it ("
              + (sync.isLocked() ? "another thread does" : "nobody does")
              + "): only the thread that locked an RLock"
              + " may unlock it");
    }
    sync.unlock();
  }

  @Override
  public int holdCount() {
    return sync.getHoldCount();
  }

  @Override
  public boolean isLocked() {
    return sync.isLocked();
  }

  @Override
  public boolean isHeldByCurrentThread() {
    return sync.isHeldByCurrentThread();
  }
}
