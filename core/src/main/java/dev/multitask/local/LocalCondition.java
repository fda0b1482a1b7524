package dev.multitask.local;

import dev.multitask.spi.Timeouts;
import dev.multitask.sync.Condition;
import dev.multitask.sync.Lock;
import dev.multitask.trace.Recorder;
import java.time.Duration;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * The {@link Condition} of the thread and coroutine backends, over a {@link LocalLock} or {@link
 * LocalRLock}: Python's {@code threading.Condition}. Every method needs the caller to hold the lock
 * ({@link IllegalMonitorStateException} otherwise). {@code await} releases the lock entirely (an
 * RLock whatever its hold count), waits, and takes it back with the same count before it returns or
 * throws; the re-acquisition is not interruptible.
 *
 * <p>{@link #signal()} wakes the longest waiting thread, {@link #signal(int) signal(n)} the {@code
 * n} longest waiting, {@link #signalAll()} every waiting thread. A signal is never lost: a waiter
 * that times out or is interrupted at the moment it is signalled takes the signal (returns {@code
 * true}; an interrupt is then kept as the thread's interrupt flag rather than thrown), as {@link
 * java.util.concurrent.locks.Condition} does.
 *
 * <p>Memory consistency effects: those of the lock, released by the waiter and the signaller and
 * taken again by the waiter.
 */
final class LocalCondition implements Condition {
  /*
   * CPython's design: each waiter parks on its own one-shot semaphore, queued in FIFO order.
   * A signal polls a waiter and releases its semaphore; a waiter that stops waiting on its own
   * (timeout, interrupt) removes itself. Exactly one of the two removals succeeds, so a waiter
   * whose removal fails was signalled. ReentrantLock.newCondition() cannot serve: a LocalLock
   * may be unlocked by any thread, which AQS conditions do not allow.
   */

  private final AbstractLocalLock lock;
  private final ConcurrentLinkedQueue<Semaphore> waiters = new ConcurrentLinkedQueue<>();

  LocalCondition(Lock lock) {
    if (!(lock instanceof AbstractLocalLock local)) {
      throw new IllegalArgumentException(
          "a threads or coroutines condition needs a lock of that backend, made by"
              + " Multitask.threads() or Multitask.coroutines(): got "
              + lock
              + " ("
              + lock.getClass().getName()
              + ")");
    }
    this.lock = local;
  }

  @Override
  public Lock lock() {
    return lock;
  }

  @Override
  public void await() throws InterruptedException {
    awaitSignal(false, 0);
  }

  @Override
  public boolean await(Duration timeout) throws InterruptedException {
    long nanos = Timeouts.nanos(timeout);
    return awaitSignal(true, nanos);
  }

  private boolean awaitSignal(boolean timed, long nanos) throws InterruptedException {
    lock.checkHeld("await");
    if (Thread.interrupted()) {
      throw new InterruptedException("interrupted before waiting on " + this);
    }
    Semaphore waiter = new Semaphore(0);
    waiters.add(waiter); // before the release, so that a signal sent once the lock is free finds us
    int holds = lock.releaseAll();
    boolean signalled = false;
    long waited = Recorder.waitStart();
    try {
      if (timed) {
        signalled = waiter.tryAcquire(nanos, TimeUnit.NANOSECONDS);
      } else {
        waiter.acquire();
        signalled = true;
      }
    } catch (InterruptedException e) {
      if (waiters.remove(waiter)) {
        throw e;
      }
      signalled =
          true; // signalled as it was interrupted: keep the signal, and the interrupt as a flag
      Thread.currentThread().interrupt();
    } finally {
      if (!signalled && !waiters.remove(waiter)) {
        signalled = true; // signalled as it timed out: the signal is ours
      }
      if (waited != 0) {
        Recorder.conditionWait("condition of " + lock.describe(), waited, signalled);
      }
      lock.reacquire(holds);
    }
    return signalled;
  }

  @Override
  public void signal() {
    lock.checkHeld("signal");
    Semaphore waiter = waiters.poll();
    if (waiter != null) {
      waiter.release();
    }
  }

  @Override
  public void signal(int n) {
    if (n < 0) {
      throw new IllegalArgumentException("signal count must not be negative: n=" + n);
    }
    lock.checkHeld("signal");
    for (int i = 0; i < n; i++) {
      Semaphore waiter = waiters.poll();
      if (waiter == null) {
        return;
      }
      waiter.release();
    }
  }

  @Override
  public void signalAll() {
    lock.checkHeld("signalAll");
    for (Semaphore waiter; (waiter = waiters.poll()) != null; ) {
      waiter.release();
    }
  }

  @Override
  public String toString() {
    return "Condition@"
        + Integer.toHexString(System.identityHashCode(this))
        + " over "
        + lock.describe();
  }
}
