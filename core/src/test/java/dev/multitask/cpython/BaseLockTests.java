package dev.multitask.cpython;

import static dev.multitask.cpython.Waits.assertTimeout;
import static dev.multitask.cpython.Waits.since;
import static dev.multitask.cpython.Waits.waitUntilAsleep;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.multitask.sync.Hold;
import dev.multitask.sync.Lock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Port of {@code Lib/test/lock_tests.py}, class {@code BaseLockTests}: what {@link Lock} and {@link
 * dev.multitask.sync.RLock} share. Not ported: {@code test_constructor_noargs} (Python call
 * syntax), {@code test_thread_leak}, {@code test_weakref_*} (CPython object lifetimes).
 */
abstract class BaseLockTests extends PortPart {
  /** A new lock of the kind under test. */
  abstract Lock newLock();

  /** test_constructor, test_repr, test_locked_repr: a new lock prints unlocked, a held one not. */
  @Test
  void newLock_printsItsState() {
    Lock lock = newLock();
    assertTrue(lock.toString().endsWith("[unlocked]"), lock.toString());
    lock.lock();
    assertFalse(lock.toString().endsWith("[unlocked]"), lock.toString());
    lock.unlock();
  }

  /** test_acquire_destroy, test_acquire_release. */
  @Test
  void lock_thenUnlock_leavesItFree() {
    Lock lock = newLock();
    lock.lock();
    assertTrue(lock.isLocked());
    lock.unlock();
    assertFalse(lock.isLocked());
  }

  /** test_try_acquire. */
  @Test
  void tryLock_free_takesIt() {
    Lock lock = newLock();
    assertTrue(lock.tryLock());
    lock.unlock();
  }

  /** test_try_acquire_contended. */
  @Test
  void tryLock_heldByAnotherThread_returnsFalse() throws Exception {
    Lock lock = newLock();
    lock.lock();
    AtomicBoolean result = new AtomicBoolean(true);
    try (Bunch _ = Bunch.of(1, () -> result.set(lock.tryLock()))) {
      // the body runs
    }
    assertFalse(result.get());
    lock.unlock();
  }

  /** test_acquire_contended: five threads block until the holder releases. */
  @Test
  void lock_contended_blocksUntilReleased() throws Exception {
    Lock lock = newLock();
    lock.lock();
    try (Bunch bunch =
        Bunch.of(
            5,
            () -> {
              lock.lock();
              lock.unlock();
            })) {
      waitUntilAsleep(bunch.threads());
      assertEquals(0, bunch.finished());
      lock.unlock();
      bunch.waitForFinished();
    }
    assertFalse(lock.isLocked());
  }

  /** test_with: the hold releases the lock, also when its block throws. */
  @Test
  void hold_releasesOnExitAndOnException() throws Exception {
    Lock lock = newLock();
    try (Hold _ = lock.hold()) {
      assertTrue(lock.isLocked());
    }
    try (Bunch _ =
        Bunch.of(
            1,
            () -> {
              lock.lock();
              lock.unlock();
            })) {
      // the lock was free for it
    }
    assertThrows(
        IllegalArgumentException.class,
        () -> {
          try (Hold _ = lock.hold()) {
            throw new IllegalArgumentException("in the with block");
          }
        });
    assertFalse(lock.isLocked());
  }

  /** test_timeout: bad timeouts are refused, a huge one is fine, a timed-out acquire waited. */
  @Test
  void tryLock_withTimeout_waitsThatLongOrTakesAFreeLock() throws Exception {
    Lock lock = newLock();
    assertThrows(IllegalArgumentException.class, () -> lock.tryLock(Duration.ofSeconds(-100)));
    assertTrue(lock.tryLock(Duration.ofDays(365L * 1000)), "Python's TIMEOUT_MAX is fine");
    lock.unlock();
    long start = System.nanoTime();
    assertTrue(lock.tryLock(Duration.ofSeconds(5)));
    assertTrue(since(start).compareTo(Duration.ofSeconds(5)) < 0, "it waited for a free lock");
    AtomicBoolean got = new AtomicBoolean(true);
    AtomicReference<Duration> waited = new AtomicReference<>();
    try (Bunch _ =
        Bunch.of(
            1,
            () -> {
              long t1 = System.nanoTime();
              got.set(lock.tryLock(Duration.ofMillis(500)));
              waited.set(since(t1));
            })) {
      // it times out
    }
    assertFalse(got.get());
    assertTimeout(waited.get(), Duration.ofMillis(500));
    lock.unlock();
  }
}
