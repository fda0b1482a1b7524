package dev.multitask.sync;

/**
 * A reentrant lock, as Python's {@code RLock}: the thread holding it may lock it again, and it is
 * free when that thread has unlocked it as many times. The owner is one thread of one process;
 * {@link #unlock()} by any other thread throws {@link IllegalMonitorStateException}.
 */
public interface RLock extends Lock {
  /**
   * How many times the calling thread holds the lock.
   *
   * @return the hold count, 0 if the caller does not hold it
   */
  int holdCount();
}
