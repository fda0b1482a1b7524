package dev.multitask.local;

import dev.multitask.engine.deadlock.Holder;
import dev.multitask.engine.deadlock.WaitGraph;
import dev.multitask.engine.deadlock.Waitable;
import dev.multitask.spi.OnceHold;
import dev.multitask.spi.Timeouts;
import dev.multitask.sync.Condition;
import dev.multitask.sync.DeadlockException;
import dev.multitask.sync.Hold;
import dev.multitask.sync.Lock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * What {@link LocalLock} and {@link LocalRLock} share: the blocking paths of {@code lock}, {@code
 * lockInterruptibly} and {@code tryLock(Duration)}, which register the waiting thread in the {@link
 * WaitGraph} and report a wait-for cycle as a {@link DeadlockException}; {@code hold}; and the
 * release and re-acquisition a {@link LocalCondition} wait needs.
 *
 * <p>Deadlock checks: a timed {@code tryLock} that times out looks for a cycle through its wait and
 * throws if there is one, else returns {@code false}; {@code tryLock(Duration.ZERO)} does not wait
 * and so never checks. With {@link WaitGraph#enabled()} on, an untimed {@code lock}, {@code
 * lockInterruptibly} or {@code hold} that has to wait looks for a cycle when it starts waiting and
 * again every 100 ms while it waits, since a cycle may close after it started. Every blocked
 * acquire is registered, checks on or off, so that the walks of other threads see it.
 */
@SuppressWarnings(
    "try") // a wait-for registration lives as long as the wait it covers, unreferenced
abstract sealed class AbstractLocalLock implements Lock, Waitable permits LocalLock, LocalRLock {
  /*
   * With checks on, an untimed wait is a loop of timed AQS waits of CHECK_MILLIS each: the thread
   * re-queues every round, so it may lose its place to a newer waiter. Locks here are not fair
   * anyway (a releasing thread's barging re-lock is allowed), and with checks off the wait is one
   * untimed AQS acquire.
   */

  private static final long PID = ProcessHandle.current().pid();
  private static final long CHECK_MILLIS = 100;
  private static final long CHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(CHECK_MILLIS);

  private final String name;

  AbstractLocalLock(String kind, String backend) {
    this.name =
        kind + "@" + Integer.toHexString(System.identityHashCode(this)) + " (" + backend + ")";
  }

  // ---- the subclass's lock state ----

  /** Takes the lock if that needs no wait (for an RLock, also when the caller holds it). */
  abstract boolean acquireNow();

  abstract boolean acquireNanos(long nanos) throws InterruptedException;

  abstract void acquireUninterruptibly();

  abstract void acquireInterruptibly() throws InterruptedException;

  /** The thread holding the lock now, or null: a snapshot. */
  abstract Thread owner();

  /** Releases every hold of the caller, who must hold the lock, and returns how many. */
  abstract int releaseAll();

  // ---- Lock ----

  @Override
  public final void lock() {
    if (acquireNow()) {
      return;
    }
    boolean interrupted = false;
    try (WaitGraph.Registration waiting = WaitGraph.waiting(this)) {
      if (!WaitGraph.enabled()) {
        acquireUninterruptibly();
        return;
      }
      while (true) {
        throwIfDeadlocked();
        try {
          if (acquireNanos(CHECK_NANOS)) {
            return;
          }
        } catch (InterruptedException e) {
          interrupted = true; // lock() is not interruptible: keep waiting, hand the flag back after
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Override
  public final void lockInterruptibly() throws InterruptedException {
    if (Thread.interrupted()) {
      throw new InterruptedException("interrupted before locking " + name);
    }
    if (acquireNow()) {
      return;
    }
    try (WaitGraph.Registration waiting = WaitGraph.waiting(this)) {
      if (!WaitGraph.enabled()) {
        acquireInterruptibly();
        return;
      }
      while (true) {
        throwIfDeadlocked();
        if (acquireNanos(CHECK_NANOS)) {
          return;
        }
      }
    }
  }

  @Override
  public final boolean tryLock() {
    return acquireNow();
  }

  @Override
  public final boolean tryLock(Duration timeout) throws InterruptedException {
    long nanos = Timeouts.nanos(timeout);
    if (Thread.interrupted()) {
      throw new InterruptedException("interrupted before locking " + name);
    }
    if (acquireNow()) {
      return true;
    }
    if (nanos == 0) {
      return false;
    }
    try (WaitGraph.Registration waiting = WaitGraph.waiting(this)) {
      if (acquireNanos(nanos)) {
        return true;
      }
      throwIfDeadlocked(); // still registered: a cycle found now runs through this wait
      return false;
    }
  }

  @Override
  public final Hold hold() {
    lock();
    return new OnceHold(this::unlock);
  }

  @Override
  public final boolean ownerDied() {
    return false; // a thread cannot die holding a lock without this JVM going too
  }

  @Override
  public final Condition newCondition() {
    return new LocalCondition(this);
  }

  // ---- Waitable ----

  @Override
  public final Holder holder() {
    Thread owner = owner();
    return owner == null ? null : new Holder(PID, owner.threadId());
  }

  @Override
  public final String describe() {
    return name;
  }

  // ---- for LocalCondition ----

  /** Throws {@link IllegalMonitorStateException} unless the caller holds the lock. */
  final void checkHeld(String operation) {
    if (!isHeldByCurrentThread()) {
      throw new IllegalMonitorStateException(
          "condition "
              + operation
              + " needs the caller to hold "
              + name
              + ", which it does not: lock it first (try (var held = lock.hold()) { ... })");
    }
  }

  /**
   * Takes the lock back after a condition wait, {@code holds} times, without giving up: not
   * interruptible and not checked for deadlock, so that {@code await} always returns holding it.
   */
  final void reacquire(int holds) {
    if (!acquireNow()) {
      try (WaitGraph.Registration waiting = WaitGraph.waiting(this)) {
        acquireUninterruptibly();
      }
    }
    for (int i = 1; i < holds; i++) {
      acquireUninterruptibly(); // reentrant now: never waits
    }
  }

  private void throwIfDeadlocked() {
    List<String> cycle = WaitGraph.findCycle(this);
    if (cycle != null) {
      throw new DeadlockException(cycle);
    }
  }

  @Override
  public String toString() {
    Thread owner = owner(); // the same form as the process backend's: "<kind> <name> [state]"
    return name
        + (owner != null
            ? " [held by "
                + new dev.multitask.engine.deadlock.Holder(SELF_PID, owner.threadId())
                + "]"
            : isLocked() ? " [locked]" : " [unlocked]");
  }

  private static final long SELF_PID = ProcessHandle.current().pid();
}
