package dev.multitask.cpython;

import static dev.multitask.cpython.Waits.LONG;
import static dev.multitask.cpython.Waits.assertTimeout;
import static dev.multitask.cpython.Waits.since;
import static dev.multitask.cpython.Waits.waitUntil;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.multitask.sync.Condition;
import dev.multitask.sync.Hold;
import dev.multitask.sync.Lock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Port of {@code Lib/test/lock_tests.py}, class {@code ConditionTests}. Python's {@code
 * cond.acquire()} is {@code cond.lock().lock()}, {@code notify(n)} is {@link
 * Condition#signal(int)}, {@code RuntimeError} is {@link IllegalMonitorStateException}.
 */
abstract class ConditionTests extends PortPart {
  /** test_acquire: Condition() is over an RLock; Condition(lock) is over that lock. */
  @Test
  void lock_ofTheCondition_isTheOneItWasMadeWith() throws Exception {
    Condition cond = ctx().condition();
    cond.lock().lock();
    cond.lock().lock();
    cond.lock().unlock();
    cond.lock().unlock();
    Lock lock = ctx().lock();
    cond = ctx().condition(lock);
    cond.lock().lock();
    assertFalse(lock.tryLock());
    cond.lock().unlock();
    assertTrue(lock.tryLock());
    assertFalse(cond.lock().tryLock());
    lock.unlock();
    try (Hold _ = cond.hold()) {
      assertFalse(lock.tryLock());
    }
  }

  /** test_unacquired_wait. */
  @Test
  void await_withoutTheLock_throws() {
    Condition cond = ctx().condition();
    assertThrows(IllegalMonitorStateException.class, cond::await);
  }

  /** test_unacquired_notify. */
  @Test
  void signal_withoutTheLock_throws() {
    Condition cond = ctx().condition();
    assertThrows(IllegalMonitorStateException.class, cond::signal);
  }

  /** A waiter's (result, phase) pair, as CPython's test records it. */
  private record Woken(boolean result, int phase) {}

  private static void checkNotify(Condition cond) throws Exception {
    List<Integer> ready = Collections.synchronizedList(new ArrayList<>());
    List<Woken> results1 = Collections.synchronizedList(new ArrayList<>());
    List<Woken> results2 = Collections.synchronizedList(new ArrayList<>());
    AtomicInteger phase = new AtomicInteger();
    int n = 5;
    try (Bunch _ =
        Bunch.of(
            n,
            () -> {
              cond.lock().lock();
              ready.add(
                  phase.get()); // under the lock: once the main thread holds it, this one waits
              boolean result =
                  cond.await(LONG); // Python's untimed wait() returns True: so must this
              cond.lock().unlock();
              results1.add(new Woken(result, phase.get()));
              cond.lock().lock();
              ready.add(phase.get());
              result = cond.await(LONG);
              cond.lock().unlock();
              results2.add(new Woken(result, phase.get()));
            })) {
      waitUntil("every thread waits", () -> ready.size() >= n);
      ready.clear();
      assertEquals(List.of(), results1);

      int count1 = 3;
      cond.lock().lock();
      cond.signal(count1);
      phase.set(1);
      cond.lock().unlock();
      waitUntil("3 wake", () -> results1.size() >= count1);
      assertEquals(Collections.nCopies(count1, new Woken(true, 1)), results1);
      assertEquals(List.of(), results2);

      waitUntil("the woken wait again", () -> ready.size() >= count1);
      cond.lock().lock();
      cond.signal(5); // they may be in their first or second wait
      phase.set(2);
      cond.lock().unlock();
      waitUntil("5 more wake", () -> results1.size() + results2.size() >= n + count1);
      int count2 = n - count1;
      List<Woken> expected1 = new ArrayList<>(Collections.nCopies(count1, new Woken(true, 1)));
      expected1.addAll(Collections.nCopies(count2, new Woken(true, 2)));
      assertEquals(expected1, results1);
      assertEquals(Collections.nCopies(count1, new Woken(true, 2)), results2);

      waitUntil("all wait again", () -> ready.size() >= n);
      cond.lock().lock();
      cond.signalAll();
      phase.set(3);
      cond.lock().unlock();
      waitUntil("the rest wake", () -> results2.size() >= n);
      assertEquals(expected1, results1);
      List<Woken> expected2 = new ArrayList<>(Collections.nCopies(count1, new Woken(true, 2)));
      expected2.addAll(Collections.nCopies(count2, new Woken(true, 3)));
      assertEquals(expected2, results2);
    }
  }

  /**
   * test_notify: notify(3), notify(5), notify_all wake exactly that many, twice over; this relies,
   * as CPython's test does, on waiters not waking without a signal.
   */
  @Test
  void signalN_wakesExactlyN() throws Exception {
    Condition cond = ctx().condition();
    checkNotify(cond);
    checkNotify(cond);
  }

  /** test_timeout: five timed waits time out with false (no spurious wake-up). */
  @Test
  void await_withTimeout_returnsFalseAfterIt() throws Exception {
    Condition cond = ctx().condition();
    List<Object[]> results = Collections.synchronizedList(new ArrayList<>());
    try (Bunch _ =
        Bunch.of(
            5,
            () -> {
              cond.lock().lock();
              long t1 = System.nanoTime();
              boolean result = cond.await(Duration.ofMillis(500));
              Duration dt = since(t1);
              cond.lock().unlock();
              results.add(new Object[] {dt, result});
            })) {
      // they time out
    }
    assertEquals(5, results.size());
    for (Object[] r : results) {
      assertTimeout((Duration) r[0], Duration.ofMillis(500));
      assertFalse((Boolean) r[1]);
    }
  }

  /** test_waitfor. */
  @Test
  void awaitFor_returnsOnceThePredicateHolds() throws Exception {
    Condition cond = ctx().condition();
    AtomicInteger state = new AtomicInteger();
    try (Bunch _ =
        Bunch.of(
            1,
            () -> {
              try (Hold _ = cond.hold()) {
                cond.awaitFor(() -> state.get() == 4);
                assertEquals(4, state.get());
              }
            })) {
      for (int i = 0; i < 4; i++) {
        Thread.sleep(10);
        try (Hold _ = cond.hold()) {
          state.incrementAndGet();
          cond.signal();
        }
      }
    }
  }

  /** test_waitfor_timeout. */
  @Test
  void awaitFor_withTimeout_returnsFalseIfThePredicateNeverHolds() throws Exception {
    Condition cond = ctx().condition();
    AtomicInteger state = new AtomicInteger();
    AtomicInteger success = new AtomicInteger();
    try (Bunch _ =
        Bunch.of(
            1,
            () -> {
              try (Hold _ = cond.hold()) {
                long t1 = System.nanoTime();
                boolean result = cond.awaitFor(() -> state.get() == 4, Duration.ofMillis(100));
                assertFalse(result);
                assertTimeout(since(t1), Duration.ofMillis(100));
                success.incrementAndGet();
              }
            })) {
      for (int i = 0; i < 3; i++) { // only 3: state 4 never comes
        Thread.sleep(10);
        try (Hold _ = cond.hold()) {
          state.incrementAndGet();
          cond.signal();
        }
      }
    }
    assertEquals(1, success.get());
  }
}
