package dev.multitask.cpython;

import static dev.multitask.cpython.Waits.LONG;
import static dev.multitask.cpython.Waits.since;
import static dev.multitask.cpython.Waits.waitUntil;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.multitask.shared.SharedLong;
import dev.multitask.sync.Barrier;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Port of {@code Lib/test/lock_tests.py}, class {@code BarrierTests}: five parties; the shared
 * barrier's default timeout is 30 s (CPython's 2 s would break it on a loaded machine), and the
 * tests of timeouts make their own. Differs on purpose: a party whose timed {@code await} runs out
 * gets {@link TimeoutException} (the others {@link BrokenBarrierException}), where every Python
 * party gets {@code BrokenBarrierError}.
 */
abstract class BarrierTests extends PortPart {
  static final int N = 5;
  Barrier barrier;

  @BeforeEach
  void makeBarrier() {
    barrier = ctx().barrier(N, LONG);
  }

  @AfterEach
  void abortBarrier() {
    barrier.abort();
  }

  private static void runThreads(Bunch.Body f) throws Exception {
    try (Bunch _ = Bunch.of(N, f)) {
      // each runs f
    }
  }

  private static void multipass(Barrier barrier, List<List<Boolean>> results, int n)
      throws Exception {
    int m = barrier.parties();
    assertEquals(N, m);
    for (int i = 0; i < n; i++) {
      results.get(0).add(true);
      assertEquals(i * m, results.get(1).size());
      barrier.await();
      results.get(1).add(true);
      assertEquals((i + 1) * m, results.get(0).size());
      barrier.await();
    }
    assertEquals(0, barrier.numberWaiting());
    assertFalse(barrier.isBroken());
  }

  private void checkBarrier(int passes) throws Exception {
    List<List<Boolean>> results =
        List.of(
            Collections.synchronizedList(new ArrayList<>()),
            Collections.synchronizedList(new ArrayList<>()));
    Barrier b = barrier;
    runThreads(() -> multipass(b, results, passes));
  }

  /** test_constructor. */
  @Test
  void barrier_withoutParties_isRefused() {
    assertThrows(IllegalArgumentException.class, () -> ctx().barrier(0));
    assertThrows(IllegalArgumentException.class, () -> ctx().barrier(-1));
  }

  /** test_barrier: the parties pass in lockstep. */
  @Test
  void await_letsThePartiesPassInLockstep() throws Exception {
    checkBarrier(1);
  }

  /** test_barrier_10. */
  @Test
  void await_servesTenRoundsInARow() throws Exception {
    checkBarrier(10);
  }

  /** test_wait_return: the arrival indexes are 0 to N-1. */
  @Test
  void await_returnsDistinctArrivalIndexes() throws Exception {
    List<Integer> results = Collections.synchronizedList(new ArrayList<>());
    Barrier b = barrier;
    runThreads(() -> results.add(b.await()));
    assertEquals(N * (N - 1) / 2, results.stream().mapToInt(Integer::intValue).sum());
  }

  /** test_action: the action runs once, before any party is released. */
  @Test
  void action_runsOnceBeforeTheRelease() throws Exception {
    SharedLong results = ctx().sharedLong(0);
    Barrier b = ctx().barrier(N, () -> results.addAndGet(1), LONG);
    runThreads(
        () -> {
          b.await();
          assertEquals(1, results.get());
        });
  }

  /** test_abort: a party that aborts breaks the barrier for the others. */
  @Test
  void abort_breaksTheBarrierForTheOthers() throws Exception {
    AtomicInteger results1 = new AtomicInteger();
    AtomicInteger results2 = new AtomicInteger();
    Barrier b = barrier;
    runThreads(
        () -> {
          try {
            int i = b.await();
            if (i == N / 2) {
              throw new IllegalStateException("abort");
            }
            b.await();
            results1.incrementAndGet();
          } catch (BrokenBarrierException e) {
            results2.incrementAndGet();
          } catch (IllegalStateException e) {
            b.abort();
          }
        });
    assertEquals(0, results1.get());
    assertEquals(N - 1, results2.get());
    assertTrue(barrier.isBroken());
  }

  /** test_reset: a reset frees the waiters with BrokenBarrierException; it serves again. */
  @Test
  void reset_freesTheWaitersAndServesAgain() throws Exception {
    AtomicInteger results1 = new AtomicInteger();
    AtomicInteger results2 = new AtomicInteger();
    AtomicInteger results3 = new AtomicInteger();
    Barrier b = barrier;
    runThreads(
        () -> {
          int i = b.await();
          if (i == N / 2) {
            waitUntil("the others wait", () -> b.numberWaiting() >= N - 1);
            b.reset();
          } else {
            try {
              b.await();
              results1.incrementAndGet();
            } catch (BrokenBarrierException e) {
              results2.incrementAndGet();
            }
          }
          b.await();
          results3.incrementAndGet();
        });
    assertEquals(0, results1.get());
    assertEquals(N - 1, results2.get());
    assertEquals(N, results3.get());
  }

  /** test_abort_and_reset: a broken barrier reset between two rounds of a second barrier. */
  @Test
  void reset_afterAbort_mendsTheBarrier() throws Exception {
    AtomicInteger results1 = new AtomicInteger();
    AtomicInteger results2 = new AtomicInteger();
    AtomicInteger results3 = new AtomicInteger();
    Barrier b = barrier;
    Barrier barrier2 = ctx().barrier(N, LONG);
    runThreads(
        () -> {
          try {
            int i = b.await();
            if (i == N / 2) {
              throw new IllegalStateException("abort");
            }
            b.await();
            results1.incrementAndGet();
          } catch (BrokenBarrierException e) {
            results2.incrementAndGet();
          } catch (IllegalStateException e) {
            b.abort();
          }
          if (barrier2.await() == N / 2) { // everyone has left it; reset before anyone enters
            b.reset();
          }
          barrier2.await();
          b.await();
          results3.incrementAndGet();
        });
    assertEquals(0, results1.get());
    assertEquals(N - 1, results2.get());
    assertEquals(N, results3.get());
  }

  /** test_timeout: a late party; the others' short timed waits break the barrier. */
  @Test
  void await_withTimeout_breaksTheBarrierWhenAPartyIsLate() throws Exception {
    List<Throwable> outcomes = Collections.synchronizedList(new ArrayList<>());
    Barrier b = barrier;
    runThreads(
        () -> {
          int i = b.await();
          if (i == N / 2) {
            Thread.sleep(1000); // one party is late
          }
          outcomes.add(assertThrows(Exception.class, () -> b.await(Duration.ofMillis(500))));
        });
    assertEquals(N, outcomes.size());
    for (Throwable t : outcomes) {
      assertTrue(
          t instanceof TimeoutException || t instanceof BrokenBarrierException, t.toString());
    }
    assertTrue(outcomes.stream().anyMatch(t -> t instanceof TimeoutException), outcomes.toString());
    assertTrue(barrier.isBroken());
  }

  /** test_default_timeout: await() gives up after the barrier's own timeout. */
  @Test
  void await_withTheDefaultTimeout_breaksTheBarrier() throws Exception {
    Duration timeout = Duration.ofMillis(100);
    Barrier b = ctx().barrier(2, timeout);
    long start = System.nanoTime();
    try (Bunch _ =
        Bunch.of(
            1,
            () -> {
              BrokenBarrierException e = assertThrows(BrokenBarrierException.class, b::await);
              assertInstanceOf(TimeoutException.class, e.getCause());
            })) {
      // it waits alone
    }
    assertTrue(since(start).compareTo(timeout) >= 0);
  }

  /** test_single_thread. */
  @Test
  void await_withOneParty_passesAtOnce() throws Exception {
    Barrier b = ctx().barrier(1);
    b.await();
    b.await();
  }

  /** test_repr: waiters, parties and the broken state in the printed form. */
  @Test
  void toString_showsTheWaitersAndBreakage() throws Exception {
    Barrier b = ctx().barrier(3);
    assertTrue(b.toString().contains("[0 of 3 waiting]"), b.toString());
    try (Bunch _ = Bunch.of(2, () -> b.await(LONG))) {
      waitUntil("2 wait", () -> b.numberWaiting() >= 2);
      assertTrue(b.toString().contains("[2 of 3 waiting]"), b.toString());
      b.await(LONG);
    }
    assertTrue(b.toString().contains("[0 of 3 waiting]"), b.toString());
    b.abort();
    assertTrue(b.toString().contains("broken"), b.toString());
  }
}
