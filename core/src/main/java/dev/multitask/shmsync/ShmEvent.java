package dev.multitask.shmsync;

import dev.multitask.job.Timeouts;
import dev.multitask.shm.Futex;
import dev.multitask.shm.SharedSegment;
import dev.multitask.shm.WaitWord;
import dev.multitask.sync.Event;
import java.io.Serial;
import java.time.Duration;

/** {@link Event} across processes: the flag is the futex word; set wakes every registered waiter. */
final class ShmEvent extends ShmSyncObject implements Event {
  @Serial private static final long serialVersionUID = 1L;

  private final transient WaitWord flag;

  ShmEvent(SharedSegment segment) {
    super(segment);
    this.flag = new WaitWord(m, SyncLayout.WORD_OFFSET);
  }

  static ShmEvent create() {
    return new ShmEvent(create(SyncLayout.Kind.EVENT, SyncLayout.BODY_OFFSET + 64, 0, false, 0));
  }

  @Override
  SyncLayout.Kind kind() {
    return SyncLayout.Kind.EVENT;
  }

  @Override
  public void set() {
    checkOpen();
    flag.set(1);
    flag.wake(Integer.MAX_VALUE);
  }

  @Override
  public void clear() {
    checkOpen();
    flag.set(0);
  }

  @Override
  public boolean isSet() {
    checkOpen();
    return flag.get() != 0;
  }

  @Override
  public void await() throws InterruptedException {
    checkOpen();
    awaitNanos(Futex.FOREVER);
  }

  @Override
  public boolean await(Duration timeout) throws InterruptedException {
    checkOpen();
    return awaitNanos(Timeouts.nanos(timeout));
  }

  private boolean awaitNanos(long nanos) throws InterruptedException {
    if (Thread.interrupted()) {
      throw new InterruptedException();
    }
    long start = System.nanoTime();
    while (flag.get() == 0) {
      long remaining = nanos - (System.nanoTime() - start);
      if (remaining <= 0) {
        return false;
      }
      flag.register();
      try {
        flag.await(0, remaining);
      } finally {
        flag.unregister();
      }
    }
    return true;
  }

  @Override
  public String toString() {
    return "Event " + name + (isSet() ? " [set]" : " [not set]");
  }
}
