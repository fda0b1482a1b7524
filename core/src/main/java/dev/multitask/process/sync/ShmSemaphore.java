package dev.multitask.process.sync;

import dev.multitask.process.shm.Futex;
import dev.multitask.process.shm.MemoryAccess;
import dev.multitask.process.shm.SharedSegment;
import dev.multitask.process.shm.WaitWord;
import dev.multitask.spi.OnceHold;
import dev.multitask.spi.Timeouts;
import dev.multitask.sync.Hold;
import dev.multitask.sync.Semaphore;
import java.io.Serial;
import java.time.Duration;

/**
 * {@link Semaphore} across processes: the permit count is the futex word. acquire: CAS the count
 * down while it is positive, else register and wait while it is 0; release: add, and wake as many
 * registered waiters as permits were added. A bounded semaphore adds by CAS, refusing to pass the
 * initial count.
 */
final class ShmSemaphore extends ShmSyncObject implements Semaphore {
  @Serial private static final long serialVersionUID = 1L;

  private final transient WaitWord count;
  private final transient int initial;
  private final transient boolean bounded;

  ShmSemaphore(SharedSegment segment) {
    super(segment);
    this.count = new WaitWord(m, SyncLayout.WORD_OFFSET);
    this.initial = MemoryAccess.intPlain(m, SyncLayout.INT_PARAM_OFFSET);
    this.bounded = MemoryAccess.intPlain(m, SyncLayout.BOUNDED_OFFSET) != 0;
  }

  static ShmSemaphore create(int permits, boolean bounded) {
    SharedSegment segment =
        create(SyncLayout.Kind.SEMAPHORE, SyncLayout.BODY_OFFSET + 64, permits, bounded, 0);
    MemoryAccess.setIntVolatile(segment.memory(), SyncLayout.WORD_OFFSET, permits);
    return new ShmSemaphore(segment);
  }

  @Override
  SyncLayout.Kind kind() {
    return SyncLayout.Kind.SEMAPHORE;
  }

  @Override
  public void acquire() throws InterruptedException {
    checkOpen();
    acquireNanos(Futex.FOREVER);
  }

  @Override
  public boolean tryAcquire() {
    checkOpen();
    for (int c = count.get(); c > 0; c = count.get()) {
      if (count.compareAndSet(c, c - 1)) {
        return true;
      }
    }
    return false;
  }

  @Override
  public boolean tryAcquire(Duration timeout) throws InterruptedException {
    checkOpen();
    return acquireNanos(Timeouts.nanos(timeout));
  }

  private boolean acquireNanos(long nanos) throws InterruptedException {
    if (Thread.interrupted()) {
      throw new InterruptedException();
    }
    if (tryAcquire()) {
      return true;
    }
    long start = System.nanoTime();
    while (true) {
      long remaining = nanos - (System.nanoTime() - start);
      if (remaining <= 0) {
        return false;
      }
      count.register();
      try {
        if (count.get() == 0) {
          count.await(0, remaining);
        }
      } finally {
        count.unregister();
      }
      if (tryAcquire()) {
        return true;
      }
    }
  }

  @Override
  public void release() {
    release(1);
  }

  @Override
  public void release(int permits) {
    checkOpen();
    if (permits < 1) {
      throw new IllegalArgumentException("permits to release must be >= 1: permits=" + permits);
    }
    if (bounded) {
      while (true) {
        int c = count.get();
        if ((long) c + permits > initial) {
          throw new IllegalStateException(
              "bounded semaphore "
                  + name
                  + " released too many times: "
                  + c
                  + " free + "
                  + permits
                  + " > initial "
                  + initial
                  + " (each release must match an acquire)");
        }
        if (count.compareAndSet(c, c + permits)) {
          break;
        }
      }
    } else {
      int c = count.get();
      if ((long) c + permits > Integer.MAX_VALUE) {
        throw new IllegalStateException(
            "semaphore " + name + " would pass " + Integer.MAX_VALUE + " permits");
      }
      count.getAndAdd(permits);
    }
    count.wake(permits);
  }

  @Override
  public int availablePermits() {
    checkOpen();
    return count.get();
  }

  @Override
  public Hold hold() throws InterruptedException {
    acquire();
    return new OnceHold(this::release);
  }

  @Override
  public String toString() {
    return (bounded ? "BoundedSemaphore " : "Semaphore ")
        + name
        + " ["
        + count.get()
        + " of "
        + initial
        + " free]";
  }
}
