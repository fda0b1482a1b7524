package dev.multitask.cpython;

import static dev.multitask.cpython.Waits.waitUntil;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.multitask.sync.Lock;
import dev.multitask.sync.RLock;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Port of {@code Lib/test/lock_tests.py}, class {@code RLockTests}: the reentrant {@link RLock},
 * owned by one thread. Python's {@code RuntimeError} is {@link IllegalMonitorStateException}. Not
 * ported: {@code test_repr_count} (multitask prints the holder, not the count: the count is {@link
 * RLock#holdCount()}, the caller's own), {@code test_release_save_unacquired} (a private method of
 * CPython's condition protocol).
 */
abstract class RLockTests extends BaseLockTests {
  @Override
  Lock newLock() {
    return ctx().rlock();
  }

  RLock newRLock() {
    return ctx().rlock();
  }

  /** test_reacquire. */
  @Test
  void lock_again_byItsOwner_nests() {
    RLock lock = newRLock();
    lock.lock();
    lock.lock();
    lock.unlock();
    lock.lock();
    lock.unlock();
    lock.unlock();
    assertFalse(lock.isLocked());
  }

  /** test_release_unacquired. */
  @Test
  void unlock_notHeld_throws() {
    RLock lock = newRLock();
    assertThrows(IllegalMonitorStateException.class, lock::unlock);
    lock.lock();
    lock.lock();
    lock.unlock();
    lock.lock();
    lock.unlock();
    lock.unlock();
    assertThrows(IllegalMonitorStateException.class, lock::unlock);
  }

  /** test_locked. */
  @Test
  void isLocked_followsTheOutermostHold() {
    RLock lock = newRLock();
    assertFalse(lock.isLocked());
    lock.lock();
    assertTrue(lock.isLocked());
    lock.lock();
    assertTrue(lock.isLocked());
    lock.unlock();
    assertTrue(lock.isLocked());
    lock.unlock();
    assertFalse(lock.isLocked());
  }

  /** test_locked_with_2threads (gh-134323): a lock another thread holds is locked here too. */
  @Test
  void isLocked_heldByAnotherThread_isTrue() throws Exception {
    RLock lock = newRLock();
    AtomicReference<String> seen = new AtomicReference<>();
    try (Bunch _ =
        Bunch.held(
            1,
            () -> {
              boolean before = lock.isLocked();
              lock.lock();
              seen.set(before + "/" + lock.isLocked());
            })) {
      waitUntil("the thread locked", () -> seen.get() != null);
      assertTrue(lock.isLocked());
      assertEquals("false/true", seen.get());
    }
  }

  /** test_recursion_count: the owner's count, and 0 for a thread that does not own it. */
  @Test
  void holdCount_countsTheOwnersHolds() throws Exception {
    RLock lock = newRLock();
    assertEquals(0, lock.holdCount());
    lock.lock();
    assertEquals(1, lock.holdCount());
    lock.lock();
    lock.lock();
    assertEquals(3, lock.holdCount());
    lock.unlock();
    assertEquals(2, lock.holdCount());
    lock.unlock();
    lock.unlock();
    assertEquals(0, lock.holdCount());
    AtomicInteger phase = new AtomicInteger();
    CountDownLatch release = new CountDownLatch(1);
    Thread owner =
        Thread.ofPlatform()
            .start(
                () -> {
                  lock.lock();
                  phase.set(1);
                  try {
                    release.await();
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                  lock.unlock();
                  phase.set(2);
                });
    waitUntil("the other thread holds it", () -> phase.get() == 1);
    assertEquals(0, lock.holdCount(), "not the caller's");
    release.countDown();
    waitUntil("the other thread released it", () -> phase.get() == 2);
    owner.join(Waits.LONG);
    assertEquals(0, lock.holdCount());
  }

  /** test_different_thread: only the owner releases. */
  @Test
  void unlock_byAnotherThreadThanTheOwner_throws() throws Exception {
    RLock lock = newRLock();
    try (Bunch bunch = Bunch.held(1, lock::lock)) {
      bunch.waitForFinished();
      assertThrows(IllegalMonitorStateException.class, lock::unlock);
    }
  }

  /** test__is_owned. */
  @Test
  void isHeldByCurrentThread_onlyForTheOwner() throws Exception {
    RLock lock = newRLock();
    assertFalse(lock.isHeldByCurrentThread());
    lock.lock();
    assertTrue(lock.isHeldByCurrentThread());
    lock.lock();
    assertTrue(lock.isHeldByCurrentThread());
    AtomicReference<Boolean> elsewhere = new AtomicReference<>();
    try (Bunch _ = Bunch.of(1, () -> elsewhere.set(lock.isHeldByCurrentThread()))) {
      // asked there
    }
    assertFalse(elsewhere.get());
    lock.unlock();
    assertTrue(lock.isHeldByCurrentThread());
    lock.unlock();
    assertFalse(lock.isHeldByCurrentThread());
  }
}
