package dev.multitask.cpython;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.multitask.sync.Semaphore;
import org.junit.jupiter.api.Test;

/** Port of {@code Lib/test/lock_tests.py}, class {@code SemaphoreTests}: the unbounded kind. */
abstract class SemaphoreTests extends BaseSemaphoreTests {
  @Override
  Semaphore newSemaphore(int permits) {
    return ctx().semaphore(permits);
  }

  /** test_release_unacquired: releases past the initial count add permits. */
  @Test
  void release_pastTheInitialCount_addsPermits() throws Exception {
    Semaphore sem = newSemaphore(1);
    sem.release();
    sem.acquire();
    sem.acquire();
    sem.release();
    assertEquals(1, sem.availablePermits());
  }

  /** test_repr: the free permits in the printed form ("value=3" in Python). */
  @Test
  void toString_showsTheFreePermits() throws Exception {
    Semaphore sem = newSemaphore(3);
    assertTrue(sem.toString().endsWith("[3 of 3 free]"), sem.toString());
    sem.acquire();
    assertTrue(sem.toString().endsWith("[2 of 3 free]"), sem.toString());
    sem.release();
    sem.release();
    assertTrue(sem.toString().endsWith("[4 of 3 free]"), sem.toString());
  }
}
