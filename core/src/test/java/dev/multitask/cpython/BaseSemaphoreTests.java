package dev.multitask.cpython;

import static dev.multitask.cpython.Waits.assertTimeout;
import static dev.multitask.cpython.Waits.since;
import static dev.multitask.cpython.Waits.waitUntil;
import static dev.multitask.cpython.Waits.waitUntilAsleep;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.multitask.sync.Hold;
import dev.multitask.sync.Semaphore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Port of {@code Lib/test/lock_tests.py}, class {@code BaseSemaphoreTests}: what {@code Semaphore}
 * and {@code BoundedSemaphore} share. Python's {@code acquire(False)} is {@link
 * Semaphore#tryAcquire()}, {@code acquire(timeout=t)} is {@code tryAcquire(Duration)}. Not ported:
 * {@code test_acquire_timeout}'s {@code acquire(False, timeout=1.0)} (no such call).
 */
abstract class BaseSemaphoreTests extends PortPart {
  /** A new semaphore of the kind under test. */
  abstract Semaphore newSemaphore(int permits);

  /** test_constructor. */
  @Test
  void newSemaphore_withNegativePermits_isRefused() {
    assertThrows(IllegalArgumentException.class, () -> newSemaphore(-1));
    assertThrows(IllegalArgumentException.class, () -> newSemaphore(Integer.MIN_VALUE));
  }

  /** test_acquire, test_acquire_destroy. */
  @Test
  void acquire_thenRelease_givesThePermitBack() throws Exception {
    Semaphore sem = newSemaphore(1);
    sem.acquire();
    sem.release();
    sem = newSemaphore(2);
    sem.acquire();
    sem.acquire();
    sem.release();
    sem.release();
    assertEquals(2, sem.availablePermits());
  }

  /**
   * test_acquire_contended and test_multirelease: ten threads each acquire twice from seven permits
   * less one; the releases let exactly that many through, phase by phase.
   */
  private void checkContended(boolean multiRelease) throws Exception {
    int semValue = 7;
    Semaphore sem = newSemaphore(semValue);
    sem.acquire();
    List<Integer> results = Collections.synchronizedList(new ArrayList<>());
    AtomicInteger phase = new AtomicInteger();
    try (Bunch bunch =
        Bunch.of(
            10,
            () -> {
              sem.acquire();
              results.add(phase.get());
              sem.acquire();
              results.add(phase.get());
            })) {
      int count1 = semValue - 1;
      waitUntil("6 acquires", () -> results.size() >= count1);
      waitUntilAsleep(bunch.threads().stream().filter(Thread::isAlive).toList());
      assertEquals(Collections.nCopies(count1, 0), results);
      phase.set(1);
      release(sem, semValue, multiRelease);
      int count2 = semValue;
      waitUntil("7 more", () -> results.size() >= count1 + count2);
      phase.set(2);
      int count3 = semValue - 1;
      release(sem, count3, multiRelease);
      waitUntil("6 more", () -> results.size() >= count1 + count2 + count3);
      List<Integer> sorted = new ArrayList<>(results);
      Collections.sort(sorted);
      List<Integer> expected = new ArrayList<>(Collections.nCopies(count1, 0));
      expected.addAll(Collections.nCopies(count2, 1));
      expected.addAll(Collections.nCopies(count3, 2));
      assertEquals(expected, sorted);
      assertFalse(sem.tryAcquire(), "the semaphore is still taken");
      sem.release(); // the last thread's second acquire
    }
  }

  private static void release(Semaphore sem, int n, boolean atOnce) {
    if (atOnce) {
      sem.release(n);
    } else {
      for (int i = 0; i < n; i++) {
        sem.release();
      }
    }
  }

  /** test_acquire_contended: seven single releases, then six. */
  @Test
  void acquire_contended_letsAsManyThroughAsReleases() throws Exception {
    checkContended(false);
  }

  /** test_multirelease: release(7), then release(6). */
  @Test
  void releaseN_contended_letsNThrough() throws Exception {
    checkContended(true);
  }

  /** test_try_acquire. */
  @Test
  void tryAcquire_takesOnlyFreePermits() {
    Semaphore sem = newSemaphore(2);
    assertTrue(sem.tryAcquire());
    assertTrue(sem.tryAcquire());
    assertFalse(sem.tryAcquire());
    sem.release();
    assertTrue(sem.tryAcquire());
  }

  /** test_try_acquire_contended: five threads try twice for three free permits. */
  @Test
  void tryAcquire_contended_succeedsOncePerFreePermit() throws Exception {
    Semaphore sem = newSemaphore(4);
    sem.acquire();
    List<Boolean> results = Collections.synchronizedList(new ArrayList<>());
    try (Bunch _ =
        Bunch.of(
            5,
            () -> {
              results.add(sem.tryAcquire());
              results.add(sem.tryAcquire());
            })) {
      // they try
    }
    List<Boolean> sorted = new ArrayList<>(results);
    sorted.sort(null);
    List<Boolean> expected = new ArrayList<>(Collections.nCopies(7, false));
    expected.addAll(Collections.nCopies(3, true));
    assertEquals(expected, sorted);
  }

  /** test_acquire_timeout. */
  @Test
  void tryAcquire_withTimeout_waitsThatLong() throws Exception {
    Semaphore sem = newSemaphore(2);
    assertTrue(sem.tryAcquire(Duration.ofMillis(5)));
    assertTrue(sem.tryAcquire(Duration.ofMillis(5)));
    assertFalse(sem.tryAcquire(Duration.ofMillis(5)));
    sem.release();
    assertTrue(sem.tryAcquire(Duration.ofMillis(5)));
    long t = System.nanoTime();
    assertFalse(sem.tryAcquire(Duration.ofMillis(500)));
    assertTimeout(since(t), Duration.ofMillis(500));
  }

  /** test_default_value (Python's default is 1): a waiter goes through on a release. */
  @Test
  void acquire_ofTheLastPermit_waitsForARelease() throws Exception {
    Semaphore sem = newSemaphore(1);
    sem.acquire();
    try (Bunch bunch =
        Bunch.of(
            1,
            () -> {
              sem.acquire();
              sem.release();
            })) {
      waitUntilAsleep(bunch.threads());
      assertEquals(0, bunch.finished());
      sem.release();
    }
  }

  /** test_with: holds nest and give their permits back, also on an exception. */
  @Test
  void hold_givesThePermitBack() throws Exception {
    Semaphore sem = newSemaphore(2);
    checkWith(sem, false);
    assertTrue(sem.tryAcquire());
    sem.release();
    assertThrows(IllegalArgumentException.class, () -> checkWith(sem, true));
    assertTrue(sem.tryAcquire());
    sem.release();
  }

  private static void checkWith(Semaphore sem, boolean fail) throws Exception {
    try (Hold _ = sem.hold()) {
      assertTrue(sem.tryAcquire());
      sem.release();
      try (Hold _ = sem.hold()) {
        assertFalse(sem.tryAcquire());
        if (fail) {
          throw new IllegalArgumentException("in the with block");
        }
      }
    }
  }
}
