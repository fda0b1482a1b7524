package dev.multitask.process.shm;

import java.lang.foreign.MemorySegment;
import java.util.concurrent.locks.LockSupport;

/**
 * The portable {@link Futex}, for JVMs without native access: spins briefly, then re-reads the word
 * (acquire) between parks that grow from {@value #FIRST_PAUSE_NANOS} ns to {@value
 * #MAX_PAUSE_NANOS} ns. It cannot be woken across processes, so {@link #wake} does nothing and a
 * change of the word is noticed within about a millisecond; a wake without a change is never seen,
 * which the futex protocol allows. A blocked waiter costs about a thousand short wake-ups a second,
 * not a spinning core.
 */
final class PollingFutex extends Futex {
  static final PollingFutex INSTANCE = new PollingFutex();

  static final long FIRST_PAUSE_NANOS = 10_000;
  static final long MAX_PAUSE_NANOS = 1_000_000;

  private PollingFutex() {}

  @Override
  int block(MemorySegment seg, long offset, int expected, long timeoutNanos, long start)
      throws InterruptedException {
    long pause = FIRST_PAUSE_NANOS;
    while (true) {
      // elapsed time rather than a deadline: FOREVER cannot overflow
      long remaining = timeoutNanos - (System.nanoTime() - start);
      if (remaining <= 0) {
        return TIMED_OUT;
      }
      LockSupport.parkNanos(this, Math.min(pause, remaining));
      if (Thread.interrupted()) {
        throw new InterruptedException();
      }
      if (MemoryAccess.intAcquire(seg, offset) != expected) {
        return VALUE_CHANGED;
      }
      pause = Math.min(pause * 2, MAX_PAUSE_NANOS);
    }
  }

  @Override
  public int wake(MemorySegment seg, long offset, int count) {
    checkWord(seg, offset);
    checkCount(count);
    return 0;
  }

  @Override
  public String toString() {
    return "PollingFutex";
  }
}
