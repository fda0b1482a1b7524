package dev.multitask.shmsync;

import dev.multitask.job.Timeouts;
import dev.multitask.shm.Futex;
import dev.multitask.shm.SharedSegment;
import dev.multitask.shm.WaitWord;
import dev.multitask.sync.Condition;
import dev.multitask.sync.Lock;
import java.io.Serial;
import java.io.Serializable;
import java.time.Duration;

/**
 * {@link Condition} across processes: a sequence number that every signal bumps, waited on with a
 * futex, over a process {@link ShmLock} or {@link ShmRLock}.
 *
 * <p>await: register, read the sequence, release the lock, wait while the sequence is unchanged,
 * unregister, lock again. signal: bump the sequence and wake one sleeper; signalAll: wake all. A
 * waiter that read the sequence before a signal but was not yet asleep sees the change and returns
 * (a wake-up the contract allows). The kernel wakes only threads that are asleep in it, so a waiter
 * whose process died does not take a signal away from a live one.
 */
final class ShmCondition extends ShmSyncObject implements Condition {
  @Serial private static final long serialVersionUID = 1L;

  private final ProcessMutex lock;
  private final transient WaitWord sequence;

  ShmCondition(SharedSegment segment, ProcessMutex lock) {
    super(segment);
    this.lock = lock;
    this.sequence = new WaitWord(m, SyncLayout.WORD_OFFSET);
  }

  static ShmCondition create(ProcessMutex lock) {
    return new ShmCondition(create(SyncLayout.Kind.CONDITION, SyncLayout.BODY_OFFSET + 64, 0, false, 0), lock);
  }

  @Override
  SyncLayout.Kind kind() {
    return SyncLayout.Kind.CONDITION;
  }

  @Override
  Serializable handleExtra() {
    return lock;
  }

  @Override
  public Lock lock() {
    return lock;
  }

  @Override
  public void await() throws InterruptedException {
    checkOpen();
    awaitNanos(Futex.FOREVER, true);
  }

  @Override
  public boolean await(Duration timeout) throws InterruptedException {
    checkOpen();
    return awaitNanos(Timeouts.nanos(timeout), false);
  }

  private boolean awaitNanos(long nanos, boolean untimed) throws InterruptedException {
    if (Thread.interrupted()) {
      checkHeld();
      throw new InterruptedException();
    }
    sequence.register();
    int seq = sequence.get();
    int holds;
    try {
      holds = lock.releaseForWait(); // throws IllegalMonitorStateException if not held
    } catch (RuntimeException e) {
      sequence.unregister();
      throw e;
    }
    int outcome;
    try {
      outcome = sequence.await(seq, nanos);
    } finally {
      sequence.unregister();
      lock.reacquire(holds);
    }
    return untimed || outcome != Futex.TIMED_OUT;
  }

  @Override
  public void signal() {
    checkOpen();
    checkHeld();
    if (sequence.waiters() > 0) {
      sequence.getAndAdd(1);
      sequence.wake(1);
    }
  }

  @Override
  public void signalAll() {
    checkOpen();
    checkHeld();
    if (sequence.waiters() > 0) {
      sequence.getAndAdd(1);
      sequence.wake(Integer.MAX_VALUE);
    }
  }

  private void checkHeld() {
    if (!lock.isHeldByCurrentThread()) {
      throw new IllegalMonitorStateException("the calling thread must hold " + lock.describe()
          + " to wait on or signal its condition");
    }
  }

  @Override
  public String toString() {
    return "Condition " + name + " over " + lock.describe();
  }
}
