package dev.multitask.local;

import dev.multitask.spi.OnceHold;
import dev.multitask.spi.Timeouts;
import dev.multitask.sync.Hold;
import dev.multitask.sync.Semaphore;
import java.io.Serial;
import java.time.Duration;
import java.util.concurrent.locks.AbstractQueuedSynchronizer;

/**
 * The {@link Semaphore} of the thread and coroutine backends: Python's {@code threading.Semaphore}
 * and {@code BoundedSemaphore} for platform and virtual threads of one JVM. Permits are not owned:
 * any thread may release. A bounded semaphore refuses a release that would raise the count past the
 * initial one ({@link IllegalStateException}, and nothing is released); either kind refuses one
 * that would pass {@code Integer.MAX_VALUE}.
 *
 * <p>Not fair. {@link #acquire()}, {@link #hold()} and the timed {@code tryAcquire} are
 * interruptible and take no permit when interrupted.
 *
 * <p>Memory consistency effects: actions before a {@code release} happen-before the actions after
 * an acquire that took a permit, as {@link java.util.concurrent.Semaphore}'s.
 */
final class LocalSemaphore implements Semaphore {
  /*
   * AQS shared mode, state = free permits, as java.util.concurrent.Semaphore's NonfairSync; the
   * bound is checked inside the release CAS loop, so two racing releases cannot both pass it.
   */

  private final Sync sync;
  private final String name;
  private final int initial;

  LocalSemaphore(int permits, boolean bounded, String backend) {
    this.initial = permits;
    this.sync = new Sync(permits, bounded ? permits : Integer.MAX_VALUE);
    this.name =
        (bounded ? "BoundedSemaphore@" : "Semaphore@")
            + Integer.toHexString(System.identityHashCode(this))
            + " ("
            + backend
            + ")";
  }

  private static final class Sync extends AbstractQueuedSynchronizer {
    @Serial private static final long serialVersionUID = 1L;

    private final int bound;

    Sync(int permits, int bound) {
      this.bound = bound;
      setState(permits);
    }

    @Override
    protected int tryAcquireShared(int permits) {
      while (true) {
        int available = getState();
        int left = available - permits;
        if (left < 0 || compareAndSetState(available, left)) {
          return left;
        }
      }
    }

    @Override
    protected boolean tryReleaseShared(int permits) {
      while (true) {
        int available = getState();
        int next = available + permits;
        if (next < available || next > bound) {
          throw new IllegalStateException(
              bound == Integer.MAX_VALUE
                  ? "release("
                      + permits
                      + ") would pass Integer.MAX_VALUE permits: permits="
                      + available
                  : "release("
                      + permits
                      + ") would raise a bounded semaphore past its initial count: permits="
                      + available
                      + ", initial="
                      + bound
                      + " (more releases than acquires)");
        }
        if (compareAndSetState(available, next)) {
          return true;
        }
      }
    }

    int permits() {
      return getState();
    }
  }

  @Override
  public void acquire() throws InterruptedException {
    sync.acquireSharedInterruptibly(1);
  }

  @Override
  public boolean tryAcquire() {
    return sync.tryAcquireShared(1) >= 0;
  }

  @Override
  public boolean tryAcquire(Duration timeout) throws InterruptedException {
    return sync.tryAcquireSharedNanos(1, Timeouts.nanos(timeout));
  }

  @Override
  public void release() {
    sync.releaseShared(1);
  }

  @Override
  public void release(int permits) {
    if (permits < 1) {
      throw new IllegalArgumentException("release needs permits >= 1: permits=" + permits);
    }
    sync.releaseShared(permits);
  }

  @Override
  public int availablePermits() {
    return sync.permits();
  }

  @Override
  public Hold hold() throws InterruptedException {
    acquire();
    return new OnceHold(this::release);
  }

  @Override
  public String toString() {
    return name + " [" + sync.permits() + " of " + initial + " free]";
  }
}
