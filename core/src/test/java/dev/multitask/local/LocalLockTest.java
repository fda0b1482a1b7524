package dev.multitask.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.multitask.engine.deadlock.WaitGraph;
import dev.multitask.sync.DeadlockException;
import dev.multitask.sync.Lock;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What {@link LocalLock} and {@link LocalRLock} do beyond the backend-neutral contract: deadlock
 * detection of untimed waits, which needs {@link WaitGraph#setEnabled} (or {@code
 * -Dmultitask.detectDeadlocks=true}), and their descriptions.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class LocalLockTest {
  private final boolean detectionBefore = WaitGraph.enabled();

  @AfterEach
  void restoreDetection() {
    WaitGraph.setEnabled(detectionBefore);
  }

  @Test
  void lock_heldLockAgainWithDetectionOn_throwsDeadlock() {
    LocalLock lock = new LocalLock("threads");
    lock.lock();
    WaitGraph.setEnabled(true);

    DeadlockException e = assertThrows(DeadlockException.class, lock::lock);

    assertTrue(e.getMessage().contains(lock.describe()), e.getMessage());
    assertThrows(DeadlockException.class, lock::hold);
    assertThrows(DeadlockException.class, lock::lockInterruptibly);
    assertTrue(lock.isHeldByCurrentThread(), "the failed calls changed nothing");
    lock.unlock();
  }

  @Test
  void rLock_reentry_isNoDeadlock() {
    LocalRLock lock = new LocalRLock("threads");
    WaitGraph.setEnabled(true);

    lock.lock();
    lock.lock();

    assertEquals(2, lock.holdCount());
    lock.unlock();
    lock.unlock();
  }

  /** A cycle that closes after the untimed waiter's first check is found by a later one. */
  @Test
  void untimedLock_cycleClosesWhileWaiting_isFound() throws Exception {
    WaitGraph.setEnabled(true);
    LocalLock a = new LocalLock("threads");
    LocalLock b = new LocalLock("threads");
    CountDownLatch holdsA = new CountDownLatch(1);
    AtomicReference<Object> outcome = new AtomicReference<>();
    b.lock(); // before the other thread starts, or it may take b first
    Thread first =
        Thread.ofPlatform()
            .start(
                () -> {
                  a.lock();
                  holdsA.countDown();
                  try {
                    b.lock(); // b's holder waits for nothing yet: no cycle at the first check
                    b.unlock();
                    outcome.set("locked b");
                  } catch (Throwable t) {
                    outcome.set(t);
                  } finally {
                    a.unlock();
                  }
                });
    holdsA.await();
    awaitParked(first);
    Thread.sleep(150); // let the first thread make its first check

    boolean gotA = a.tryLock(Duration.ofSeconds(10)); // timed: it checks only when it times out

    first.join();
    DeadlockException e = assertInstanceOf(DeadlockException.class, outcome.get());
    assertTrue(
        e.getMessage().contains(a.describe()) && e.getMessage().contains(b.describe()),
        e.getMessage());
    assertTrue(gotA, "the thread that got the exception unlocked a");
    a.unlock();
    b.unlock();
  }

  @Test
  void timedTryLock_cycleThroughUntimedWaiterWithDetectionOff_throwsDeadlock() throws Exception {
    WaitGraph.setEnabled(false);
    LocalLock a = new LocalLock("threads");
    LocalLock b = new LocalLock("threads");
    CountDownLatch holdsA = new CountDownLatch(1);
    b.lock(); // before the other thread starts, or it may take b first and finish
    Thread first =
        Thread.ofPlatform()
            .start(
                () -> {
                  a.lock();
                  holdsA.countDown();
                  b.lock(); // waits until the test unlocks b
                  b.unlock();
                  a.unlock();
                });
    holdsA.await();
    awaitParked(first); // it waits for b (a fixed sleep here lost the race on a busy machine)

    DeadlockException e =
        assertThrows(DeadlockException.class, () -> a.tryLock(Duration.ofMillis(200)));

    assertEquals(2, e.cycle().size(), e.getMessage());
    b.unlock();
    first.join();
    assertFalse(a.isLocked() || b.isLocked());
  }

  @Test
  void tryLock_withoutWaiting_reportsNoDeadlock() throws Exception {
    LocalLock lock = new LocalLock("threads");
    lock.lock();

    assertFalse(lock.tryLock());
    assertFalse(
        lock.tryLock(Duration.ZERO), "a zero timeout is a poll: no wait, so no deadlock to report");
    lock.unlock();
  }

  @Test
  void toString_describesKindAndBackend() {
    Lock lock = new LocalLock("coroutines");
    LocalRLock rlock = new LocalRLock("threads");

    assertTrue(
        lock.toString().matches("Lock@[0-9a-f]+ \\(coroutines\\) \\[unlocked]"), lock.toString());
    rlock.lock();
    assertTrue(
        rlock
            .toString()
            .matches("RLock@[0-9a-f]+ \\(threads\\) \\[held by thread \\d+ of pid \\d+]"),
        rlock.toString());
    rlock.unlock();
  }

  /** Waits until {@code thread} is parked (it registered its wait before parking). */
  private static void awaitParked(Thread thread) throws InterruptedException {
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (thread.getState() != Thread.State.WAITING
        && thread.getState() != Thread.State.TIMED_WAITING) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(thread + " did not block within 10 s: " + thread.getState());
      }
      Thread.sleep(5);
    }
  }
}
