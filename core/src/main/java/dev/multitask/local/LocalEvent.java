package dev.multitask.local;

import dev.multitask.spi.Timeouts;
import dev.multitask.sync.Event;
import java.time.Duration;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The {@link Event} of the thread and coroutine backends: Python's {@code threading.Event} for
 * platform and virtual threads of one JVM. {@link #set()} wakes every thread waiting at that
 * moment, and each of them returns {@code true} even if {@link #clear()} came before it ran again,
 * as Python's {@code wait} does.
 *
 * <p>Both {@code await} forms are interruptible; an {@code await} that finds the flag set returns
 * at once, also when the thread is interrupted.
 *
 * <p>Memory consistency effects: actions before {@code set} happen-before the return of an {@code
 * await} that it released or that saw the flag set.
 */
final class LocalEvent implements Event {
  /*
   * A ReentrantLock and one condition. A set that raises the flag counts a generation; a waiter
   * leaves when the flag is up or the generation moved since it began, so a quick set-clear pair
   * cannot strand the waiters that were there during the set.
   */

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private volatile boolean flag; // written under lock
  private long sets; // guarded by lock

  @Override
  public void set() {
    lock.lock();
    try {
      if (!flag) {
        flag = true;
        sets++;
        changed.signalAll();
      }
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void clear() {
    lock.lock();
    try {
      flag = false;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public boolean isSet() {
    return flag;
  }

  @Override
  public void await() throws InterruptedException {
    if (flag) {
      return;
    }
    lock.lockInterruptibly();
    try {
      long seen = sets;
      while (!flag && sets == seen) {
        changed.await();
      }
    } finally {
      lock.unlock();
    }
  }

  @Override
  public boolean await(Duration timeout) throws InterruptedException {
    long nanos = Timeouts.nanos(timeout);
    if (flag) {
      return true;
    }
    lock.lockInterruptibly();
    try {
      long seen = sets;
      while (!flag && sets == seen) {
        if (nanos <= 0) {
          return false;
        }
        nanos = changed.awaitNanos(nanos);
      }
      return true;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public String toString() {
    return "Event@"
        + Integer.toHexString(System.identityHashCode(this))
        + (isSet() ? " [set]" : " [not set]");
  }
}
