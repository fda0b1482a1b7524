package dev.multitask.sync;

import static dev.multitask.sync.SyncTesting.LONG_WAIT;
import static dev.multitask.sync.SyncTesting.SHORT;
import static dev.multitask.sync.SyncTesting.SHORT_MS;
import static dev.multitask.sync.SyncTesting.startTogether;
import static dev.multitask.sync.SyncTesting.thrownBy;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.multitask.Context;
import dev.multitask.Job;
import dev.multitask.Task;
import dev.multitask.shared.SharedLong;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The {@link Lock} and {@link RLock} contract, deadlock reports included; run over every backend by
 * {@link SyncContract}. Job bodies capture only primitives, strings and numbers, so that they
 * travel to child JVMs.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
abstract class LockContract {
  /** The context of the running test, new for each test. */
  abstract Context ctx();

  /**
   * How many times each job takes the lock in the many-jobs cases, given what a local backend does:
   * {@code local} unless a backend overrides it (the cluster's every step is a round trip to
   * Redis). The jobs begin together ({@link SyncTesting#startTogether}), so every step contends.
   */
  int perJob(int local) {
    return local;
  }

  // ---- bodies ----

  /**
   * Adds 1 to {@code counter} {@code times} times in two steps (get, then set) under {@code lock}.
   */
  static Task<Long> incrementingUnder(Lock lock, SharedLong counter, int times) {
    return () -> {
      for (int i = 0; i < times; i++) {
        try (Hold _ = lock.hold()) {
          long seen = counter.get();
          Thread.yield(); // widen the window a lost update needs
          counter.set(seen + 1);
        }
      }
      return counter.get();
    };
  }

  /**
   * Holds {@code first}, meets the other job at {@code bothHoldOne}, then tries {@code second} for
   * 2 s: returns "acquired", "timed out", or the message of the {@link DeadlockException}.
   */
  static Task<String> lockingInOrder(Lock first, Lock second, Barrier bothHoldOne) {
    return () -> {
      first.lock();
      try {
        bothHoldOne.await(LONG_WAIT);
        try {
          if (second.tryLock(Duration.ofSeconds(2))) {
            second.unlock();
            return "acquired";
          }
          return "timed out";
        } catch (DeadlockException e) {
          return e.getMessage();
        }
      } finally {
        first.unlock();
      }
    };
  }

  // ---- Lock ----

  /** Every backend prints "<kind> <name> [state]", naming the holder's thread and pid. */
  @Test
  void toString_onEveryBackend_printsKindNameAndHolder() {
    Lock lock = ctx().lock();
    assertTrue(lock.toString().matches("Lock\\b.* \\[unlocked]"), lock.toString());
    lock.lock();
    String held =
        "thread " + Thread.currentThread().threadId() + " of pid " + ProcessHandle.current().pid();
    assertTrue(lock.toString().endsWith(" [held by " + held + "]"), lock.toString());
    lock.unlock();
    RLock rlock = ctx().rlock();
    assertTrue(rlock.toString().matches("RLock\\b.* \\[unlocked]"), rlock.toString());
  }

  @Test
  void lock_whileHeld_excludesOtherJobs() throws Exception {
    Lock lock = ctx().lock();
    SharedLong counter = ctx().sharedLong(0);

    int times = perJob(1_000);
    for (Job<Long> job : startTogether(ctx(), 4, incrementingUnder(lock, counter, times))) {
      job.result();
    }

    assertEquals(4 * times, counter.get(), "increments lost: the lock let two jobs in at once");
    assertFalse(lock.isLocked());
  }

  @Test
  void unlock_byAnotherJob_isAllowed() throws Exception {
    Lock lock = ctx().lock();
    lock.lock();

    Job<String> job =
        ctx()
            .start(
                () -> {
                  lock.unlock();
                  return "unlocked, locked=" + lock.isLocked();
                });

    assertEquals("unlocked, locked=false", job.result());
    assertFalse(lock.isHeldByCurrentThread());
    assertTrue(lock.tryLock(), "the lock is free again");
    lock.unlock();
  }

  @Test
  void unlock_ofUnlockedLock_throwsIllegalState() {
    Lock lock = ctx().lock();

    IllegalStateException e = assertThrows(IllegalStateException.class, lock::unlock);

    assertFalse(e instanceof DeadlockException, e.toString());
    assertNotNull(e.getMessage());
    lock.lock();
    lock.unlock();
    assertThrows(IllegalStateException.class, lock::unlock, "a second unlock of one lock");
  }

  @Test
  void tryLock_timesOut_returnsFalse() throws Exception {
    Lock lock = ctx().lock();
    lock.lock();

    Job<Long> job =
        ctx()
            .start(
                () -> {
                  long start = System.nanoTime();
                  boolean got = lock.tryLock(SHORT);
                  return got ? -1 : (System.nanoTime() - start) / 1_000_000;
                });

    long waitedMs = job.result();
    assertNotEquals(-1, waitedMs, "tryLock took a held lock");
    assertTrue(waitedMs >= SHORT_MS * 3 / 4, "tryLock gave up after " + waitedMs + " ms");
    assertTrue(lock.isHeldByCurrentThread(), "a timed-out tryLock changes nothing");
    lock.unlock();
  }

  @Test
  void tryLock_heldEvenByCaller_returnsFalse() throws Exception {
    Lock lock = ctx().lock();
    lock.lock();

    assertFalse(
        lock.tryLock(), "tryLock of a lock the caller holds: not reentrant, and no wait to report");
    assertFalse(ctx().start(() -> lock.tryLock()).result());
    lock.unlock();
  }

  @Test
  void timedTryLock_waitingForOwnLock_throwsDeadlock() throws Exception {
    Lock lock = ctx().lock();
    lock.lock();

    DeadlockException e =
        assertThrows(DeadlockException.class, () -> lock.tryLock(Duration.ofMillis(100)));

    assertEquals(1, e.cycle().size(), e.getMessage());
    assertTrue(lock.isHeldByCurrentThread(), "a failed call changes nothing");
    lock.unlock();
  }

  @Test
  void lockInterruptibly_interrupted_throwsInterrupted() throws Exception {
    Lock lock = ctx().lock();
    lock.lock();
    AtomicReference<Object> outcome = new AtomicReference<>();
    Thread waiter =
        Thread.ofPlatform()
            .start(
                () -> {
                  try {
                    lock.lockInterruptibly();
                    outcome.set("locked");
                  } catch (Throwable t) {
                    outcome.set(t);
                  }
                });
    Thread.sleep(SHORT_MS);

    waiter.interrupt();
    waiter.join(LONG_WAIT);

    assertInstanceOf(InterruptedException.class, outcome.get());
    assertTrue(lock.isHeldByCurrentThread(), "the interrupted waiter took nothing");
    lock.unlock();
    assertFalse(lock.isLocked());
  }

  @Test
  void lock_interrupted_keepsWaitingAndKeepsTheInterrupt() throws Exception {
    Lock lock = ctx().lock();
    lock.lock();
    AtomicReference<String> outcome = new AtomicReference<>();
    Thread waiter =
        Thread.ofPlatform()
            .start(
                () -> {
                  lock.lock();
                  outcome.set("locked, interrupted=" + Thread.currentThread().isInterrupted());
                  lock.unlock();
                });
    Thread.sleep(SHORT_MS);

    waiter.interrupt();
    Thread.sleep(SHORT_MS);
    assertTrue(waiter.isAlive(), "lock() gave up on an interrupt: " + outcome.get());
    lock.unlock();
    waiter.join(LONG_WAIT);

    assertEquals("locked, interrupted=true", outcome.get());
  }

  @Test
  void hold_closedTwice_unlocksOnce() throws Exception {
    Lock lock = ctx().lock();
    Hold hold = lock.hold();
    assertTrue(lock.isLocked());

    hold.close();
    assertFalse(lock.isLocked());
    lock.lock();
    hold.close();

    assertTrue(lock.isLocked(), "the second close unlocked the lock taken since");
    lock.unlock();
  }

  @Test
  void isHeldByCurrentThread_isTrueOnlyForTheLockingThread() throws Exception {
    Lock lock = ctx().lock();
    assertFalse(lock.isLocked());
    assertFalse(lock.isHeldByCurrentThread());

    lock.lock();

    assertTrue(lock.isLocked());
    assertTrue(lock.isHeldByCurrentThread());
    assertFalse(lock.ownerDied());
    assertEquals(
        "locked=true, mine=false",
        ctx()
            .start(() -> "locked=" + lock.isLocked() + ", mine=" + lock.isHeldByCurrentThread())
            .result());
    lock.unlock();
    assertFalse(lock.isHeldByCurrentThread());
  }

  @Test
  void newCondition_isBoundToTheLock() throws Exception {
    Lock lock = ctx().lock();
    Condition condition = lock.newCondition();

    assertThrows(IllegalMonitorStateException.class, () -> condition.await(SHORT));
    try (Hold _ = lock.hold()) {
      assertFalse(condition.await(Duration.ofMillis(50)));
      assertTrue(lock.isHeldByCurrentThread(), "await returns holding the lock");
    }
  }

  @Test
  void timedCalls_badTimeouts_areRejected() {
    Lock lock = ctx().lock();
    RLock rlock = ctx().rlock();

    assertThrows(IllegalArgumentException.class, () -> lock.tryLock(Duration.ofMillis(-1)));
    assertThrows(IllegalArgumentException.class, () -> rlock.tryLock(Duration.ofMillis(-1)));
    assertThrows(NullPointerException.class, () -> lock.tryLock((Duration) null));
    assertFalse(lock.isLocked());
    assertFalse(rlock.isLocked());
  }

  // ---- RLock ----

  @Test
  void rLock_reentered_countsHolds() throws Exception {
    RLock lock = ctx().rlock();
    assertEquals(0, lock.holdCount());

    lock.lock();
    lock.lock();
    assertTrue(lock.tryLock(SHORT));

    assertEquals(3, lock.holdCount());
    assertEquals("0 false", ctx().start(() -> lock.holdCount() + " " + lock.tryLock()).result());
    lock.unlock();
    lock.unlock();
    assertEquals(1, lock.holdCount());
    assertTrue(lock.isLocked());
    lock.unlock();
    assertEquals(0, lock.holdCount());
    assertFalse(lock.isLocked());
  }

  @Test
  void rLockUnlock_byNonOwner_isRejected() throws Exception {
    RLock lock = ctx().rlock();
    assertThrows(IllegalMonitorStateException.class, lock::unlock, "unlock of a free RLock");
    lock.lock();

    assertEquals(
        "IllegalMonitorStateException", ctx().start(() -> thrownBy(lock::unlock)).result());
    assertEquals(1, lock.holdCount(), "the owner still holds it");
    lock.unlock();
  }

  @Test
  void rLock_whileHeld_excludesOtherJobs() throws Exception {
    RLock lock = ctx().rlock();
    SharedLong counter = ctx().sharedLong(0);

    int times = perJob(1_000);
    for (Job<Long> job : startTogether(ctx(), 4, incrementingUnder(lock, counter, times))) {
      job.result();
    }

    assertEquals(4 * times, counter.get());
  }

  // ---- deadlock ----

  @Test
  void lock_twoJobsInOppositeOrder_throwsDeadlock() throws Exception {
    Lock a = ctx().lock();
    Lock b = ctx().lock();
    Barrier bothHoldOne = ctx().barrier(2);

    Job<String> ab = ctx().start(lockingInOrder(a, b, bothHoldOne));
    Job<String> ba = ctx().start(lockingInOrder(b, a, bothHoldOne));
    List<String> outcomes = List.of(ab.result(), ba.result());

    String report =
        outcomes.stream()
            .filter(o -> o.startsWith("deadlock"))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no DeadlockException: " + outcomes));
    List<String> locks = new ArrayList<>();
    Matcher edge = Pattern.compile("waits for (.+?) held by").matcher(report);
    while (edge.find()) {
      locks.add(edge.group(1));
    }
    assertEquals(2, locks.size(), report);
    assertNotEquals(locks.get(0), locks.get(1), "the cycle names both locks: " + report);
    assertFalse(a.isLocked() || b.isLocked(), "both jobs unlocked what they held");
  }

  @Test
  void unlock_letsWaiterInAnotherJobLock() throws Exception {
    Lock lock = ctx().lock();
    lock.lock();
    Job<String> job =
        ctx()
            .start(
                () -> {
                  try (Hold _ = lock.hold()) {
                    return "locked";
                  }
                });

    assertFalse(job.join(SHORT), "hold() returned while the lock was held");
    lock.unlock();

    assertEquals("locked", job.result());
    assertFalse(lock.isLocked(), "the job's hold was closed");
  }
}
