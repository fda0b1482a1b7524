package dev.multitask.cpython;

import static dev.multitask.cpython.Waits.waitUntil;
import static dev.multitask.cpython.Waits.waitUntilAsleep;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.multitask.sync.DeadlockException;
import dev.multitask.sync.Lock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Port of {@code Lib/test/lock_tests.py}, class {@code LockTests}: the non-reentrant {@link Lock},
 * which any thread may release. Not ported: {@code test_at_fork_reinit} (fork).
 */
abstract class LockTests extends BaseLockTests {
  @Override
  Lock newLock() {
    return ctx().lock();
  }

  /** test_reacquire: a second acquire by the holder waits until another thread releases. */
  @Test
  void lock_byItsHolder_waitsForARelease() throws Exception {
    Lock lock = newLock();
    AtomicInteger phase = new AtomicInteger();
    Thread holder =
        Thread.ofPlatform()
            .name("holder")
            .start(
                () -> {
                  lock.lock();
                  phase.incrementAndGet();
                  lock.lock(); // not reentrant: waits
                  phase.incrementAndGet();
                });
    waitUntil("the first acquire", () -> phase.get() == 1);
    waitUntilAsleep(List.of(holder));
    assertEquals(1, phase.get());
    lock.unlock();
    waitUntil("the second acquire", () -> phase.get() == 2);
    holder.join(Waits.LONG);
    lock.unlock();
  }

  /** test_different_thread: a lock is released by another thread than its holder. */
  @Test
  void unlock_fromAnotherThread_releasesIt() throws Exception {
    Lock lock = newLock();
    lock.lock();
    try (Bunch _ = Bunch.of(1, lock::unlock)) {
      // released there
    }
    lock.lock();
    lock.unlock();
  }

  /**
   * test_state_after_timeout (bpo-11618). Differs on purpose: a timed acquire by the holder itself
   * is a wait-for cycle, which multitask reports with {@link DeadlockException} where Python
   * returns False after the timeout; the lock is as it was either way.
   */
  @Test
  void tryLock_byItsHolderTimingOut_leavesTheLockSound() throws Exception {
    Lock lock = newLock();
    lock.lock();
    assertThrows(DeadlockException.class, () -> lock.tryLock(Duration.ofMillis(10)));
    lock.unlock();
    assertFalse(lock.isLocked());
    assertTrue(lock.tryLock());
    lock.unlock();
  }
}
