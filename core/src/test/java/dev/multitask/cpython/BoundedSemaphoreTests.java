package dev.multitask.cpython;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.multitask.sync.Semaphore;
import org.junit.jupiter.api.Test;

/**
 * Port of {@code Lib/test/lock_tests.py}, class {@code BoundedSemaphoreTests}. Python's {@code
 * ValueError} is {@link IllegalStateException}.
 */
abstract class BoundedSemaphoreTests extends BaseSemaphoreTests {
  @Override
  Semaphore newSemaphore(int permits) {
    return ctx().boundedSemaphore(permits);
  }

  /** test_release_unacquired: a release past the initial value is refused. */
  @Test
  void release_pastTheInitialCount_isRefused() throws Exception {
    Semaphore sem = newSemaphore(1);
    assertThrows(IllegalStateException.class, sem::release);
    sem.acquire();
    sem.release();
    assertThrows(IllegalStateException.class, sem::release);
  }

  /** test_repr ("value=2/3" in Python). */
  @Test
  void toString_showsTheFreeAndTheInitialPermits() throws Exception {
    Semaphore sem = newSemaphore(3);
    assertTrue(sem.toString().endsWith("[3 of 3 free]"), sem.toString());
    sem.acquire();
    assertTrue(sem.toString().endsWith("[2 of 3 free]"), sem.toString());
  }
}
