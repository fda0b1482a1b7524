package dev.multitask.shmsync;

import dev.multitask.shm.Futex;
import dev.multitask.shm.MemoryAccess;
import java.lang.foreign.MemorySegment;

/**
 * A futex word with a waiter count beside it ({@code word + 4}), for the primitives whose waiters
 * wait for the word to change: semaphore count, event flag, condition sequence, barrier phase.
 *
 * <p>Protocol: a waiter registers (an atomic add, a full fence), then re-checks its condition and
 * futex-waits on the value it read; a waker changes the word with an atomic or volatile write and
 * makes the wake system call only if someone is registered. Either the waiter sees the change or
 * the waker sees the waiter, so no wake is lost and the uncontended path makes no system call.
 */
final class WaitWord {
  private final MemorySegment m;
  private final long word;
  private final long waiters;
  private final Futex futex = Futex.get();

  WaitWord(MemorySegment m, long word) {
    this.m = m;
    this.word = word;
    this.waiters = word + 4;
  }

  int get() {
    return MemoryAccess.intVolatile(m, word);
  }

  void set(int value) {
    MemoryAccess.setIntVolatile(m, word, value);
  }

  boolean compareAndSet(int expected, int value) {
    return MemoryAccess.casInt(m, word, expected, value);
  }

  int getAndAdd(int delta) {
    return MemoryAccess.getAndAddInt(m, word, delta);
  }

  /** Registers the caller as a waiter; pair with {@link #unregister()} in a finally. */
  void register() {
    MemoryAccess.getAndAddInt(m, waiters, 1);
  }

  void unregister() {
    MemoryAccess.getAndAddInt(m, waiters, -1);
  }

  /** Registered: waits while the word is {@code expected}, at most {@code timeoutNanos}; a {@link Futex} code. */
  int await(int expected, long timeoutNanos) throws InterruptedException {
    return futex.wait(m, word, expected, timeoutNanos);
  }

  /** Wakes up to {@code count} registered waiters after the word changed. */
  void wake(int count) {
    if (MemoryAccess.intVolatile(m, waiters) > 0) { // volatile: ordered after the change of the word
      futex.wake(m, word, count);
    }
  }

  int waiters() {
    return MemoryAccess.intVolatile(m, waiters);
  }
}
