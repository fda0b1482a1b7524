package dev.multitask.process.sync;

import dev.multitask.process.shm.Futex;
import dev.multitask.process.shm.SharedSegment;
import dev.multitask.process.shm.WaitWord;
import dev.multitask.spi.Timeouts;
import dev.multitask.sync.Event;
import java.io.Serial;
import java.time.Duration;

/**
 * {@link Event} across processes. Every waiter present at a {@link #set()} returns {@code true},
 * even when a {@link #clear()} follows at once, before it runs again (CPython's bpo-13502).
 */
final class ShmEvent extends ShmSyncObject implements Event {
  /*
   * The futex word holds the flag in bit 0 and, above it, the number of times the flag was
   * raised (wrapping). A waiter waits while the word is the value it read with the flag down; a
   * set that raises the flag changes both, so a waiter that wakes to a word whose count moved was
   * there for a set and returns true whatever the flag is by then. Set and clear change the word
   * with a CAS, which orders the setter's earlier actions before a waiter's acquire read.
   */
  @Serial private static final long serialVersionUID = 1L;
  private static final int FLAG = 1;
  private static final int ONE_SET = 2;

  private final transient WaitWord word;

  ShmEvent(SharedSegment segment) {
    super(segment);
    this.word = new WaitWord(m, SyncLayout.WORD_OFFSET);
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
    while (true) {
      int w = word.get();
      if ((w & FLAG) != 0) {
        return; // already set: nobody waits on a raised flag
      }
      if (word.compareAndSet(w, (w + ONE_SET) | FLAG)) {
        word.wake(Integer.MAX_VALUE);
        return;
      }
    }
  }

  @Override
  public void clear() {
    checkOpen();
    while (true) {
      int w = word.get();
      if ((w & FLAG) == 0 || word.compareAndSet(w, w & ~FLAG)) {
        return;
      }
    }
  }

  @Override
  public boolean isSet() {
    checkOpen();
    return (word.get() & FLAG) != 0;
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
    int seen = word.get();
    if ((seen & FLAG) != 0) {
      return true;
    }
    long start = System.nanoTime();
    while (true) {
      long remaining = nanos - (System.nanoTime() - start);
      if (remaining <= 0) {
        return false;
      }
      word.register(); // then the re-read: a set after it sees this waiter and wakes it
      try {
        int now = word.get();
        if (now != seen) {
          return true; // set since we looked, even if cleared again
        }
        word.await(seen, remaining);
      } finally {
        word.unregister();
      }
      int now = word.get();
      if (now != seen) {
        return true;
      }
    }
  }

  @Override
  public String toString() {
    return "Event " + name + (isSet() ? " [set]" : " [not set]");
  }
}
