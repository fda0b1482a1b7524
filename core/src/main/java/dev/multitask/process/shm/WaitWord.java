package dev.multitask.process.shm;

import java.lang.foreign.MemorySegment;

/**
 * A futex word with a waiter count beside it ({@code word + 4}), for waiters that wait for the word
 * to change: a semaphore's count, an event's flag, a condition's sequence, a barrier's phase, or a
 * queue's not-empty, not-full and all-done sequences (state kept elsewhere: {@link #signalAll}).
 *
 * <p>Protocol: a waiter registers (an atomic add, a full fence), then re-checks its condition and
 * futex-waits on the value it read; a waker changes the word with an atomic or volatile write and
 * makes the wake system call only if someone is registered. Either the waiter sees the change or
 * the waker sees the waiter, so no wake is lost and the uncontended path makes no system call.
 */
public final class WaitWord {
  private final MemorySegment m;
  private final long word;
  private final long waiters;
  private final Futex futex = Futex.get();

  public WaitWord(MemorySegment m, long word) {
    this.m = m;
    this.word = word;
    this.waiters = word + 4;
  }

  public int get() {
    return MemoryAccess.intVolatile(m, word);
  }

  public void set(int value) {
    MemoryAccess.setIntVolatile(m, word, value);
  }

  public boolean compareAndSet(int expected, int value) {
    return MemoryAccess.casInt(m, word, expected, value);
  }

  public int getAndAdd(int delta) {
    return MemoryAccess.getAndAddInt(m, word, delta);
  }

  /**
   * Registers the caller as a waiter; pair with {@link #unregister()} (or {@link
   * #awaitThenUnregister}).
   *
   * @return the word, read after the registration: the value to wait on
   */
  public int register() {
    MemoryAccess.getAndAddInt(m, waiters, 1);
    return get();
  }

  public void unregister() {
    MemoryAccess.getAndAddInt(m, waiters, -1);
  }

  /**
   * Registered: waits while the word is {@code expected}, at most {@code timeoutNanos}; a {@link
   * Futex} code.
   */
  public int await(int expected, long timeoutNanos) throws InterruptedException {
    return futex.wait(m, word, expected, timeoutNanos);
  }

  /** As {@link #await}, then unregisters, whatever the outcome. */
  public int awaitThenUnregister(int expected, long timeoutNanos) throws InterruptedException {
    try {
      return await(expected, timeoutNanos);
    } finally {
      unregister();
    }
  }

  /**
   * For a word used as a sequence beside state kept elsewhere: after the state changed, bumps the
   * sequence and wakes every registered waiter. The fence orders the state change before the read
   * of the waiter count (against a waiter's registration), so no system call is made when nobody
   * waits and no wake is lost when someone does.
   */
  public void signalAll() {
    MemoryAccess.fullFence();
    if (MemoryAccess.intVolatile(m, waiters) > 0) {
      MemoryAccess.getAndAddInt(m, word, 1);
      futex.wake(m, word, Integer.MAX_VALUE);
    }
  }

  /** Wakes up to {@code count} registered waiters after the word changed. */
  public void wake(int count) {
    if (MemoryAccess.intVolatile(m, waiters)
        > 0) { // volatile: ordered after the change of the word
      futex.wake(m, word, count);
    }
  }

  public int waiters() {
    return MemoryAccess.intVolatile(m, waiters);
  }
}
