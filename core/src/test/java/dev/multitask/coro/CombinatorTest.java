package dev.multitask.coro;

import static dev.multitask.coro.CoroTesting.ms;
import static dev.multitask.coro.CoroTesting.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.multitask.pool.Futures.ReturnWhen;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * gather, wait, asCompleted, waitFor, timeout and shield; the cases of CPython's test_tasks,
 * test_waitfor and test_timeouts that apply, written for this API.
 */
class CombinatorTest {
  private static Coroutine<Integer> after(long millis, int value) {
    return Coroutines.spawn(
        () -> {
          Coroutines.sleep(ms(millis));
          return value;
        });
  }

  private static Coroutine<Integer> failAfter(long millis, String message) {
    return Coroutines.spawn(
        () -> {
          Coroutines.sleep(ms(millis));
          throw new IllegalStateException(message);
        });
  }

  // ---------------------------------------------------------------- gather

  @Test
  void gather_returnsValuesInTheGivenOrder() throws Exception {
    List<Integer> r = run(() -> Coroutines.gather(after(30, 1), after(10, 2), after(20, 3)));
    assertEquals(List.of(1, 2, 3), r);
  }

  @Test
  void gather_ofNothing_isEmpty() throws Exception {
    assertEquals(List.of(), run(() -> Coroutines.gather(List.<Coroutine<Integer>>of())));
  }

  @Test
  void gather_firstFailureCancelsTheSiblingsAndWaitsForThem() throws Exception {
    run(
        () -> {
          AsyncEvent go = new AsyncEvent();
          Coroutine<Integer> slow = after(10_000, 1);
          Coroutine<Integer> bad = failOn(go, "bad");
          Coroutine<Integer> alsoBad = failOn(go, "also bad"); // ready when bad fails: it fails too
          Coroutines.sleep(ms(5));
          go.set();
          CoroutineFailedException e =
              assertThrows(
                  CoroutineFailedException.class, () -> Coroutines.gather(slow, bad, alsoBad));
          assertEquals("bad", e.getCause().getMessage());
          assertEquals(bad.name(), e.coroutine());
          assertEquals(1, e.getSuppressed().length, "the other failure is reported too");
          assertEquals("also bad", e.getSuppressed()[0].getMessage());
          assertTrue(
              slow.cancelled(), "the sibling was cancelled and had ended before gather threw");
          return null;
        });
  }

  private static Coroutine<Integer> failOn(AsyncEvent go, String message) {
    return Coroutines.spawn(
        () -> {
          go.await();
          throw new IllegalStateException(message);
        });
  }

  @Test
  void gather_withoutCancelOnFailure_leavesTheSiblingsRunning() throws Exception {
    run(
        () -> {
          AsyncEvent go = new AsyncEvent(); // not a deadline: a stalled loop cannot end it early
          Coroutine<Integer> slow =
              Coroutines.spawn(
                  () -> {
                    go.await();
                    return 1;
                  });
          Coroutine<Integer> bad = failAfter(5, "bad");
          assertThrows(
              CoroutineFailedException.class, () -> Coroutines.gather(List.of(slow, bad), false));
          assertFalse(slow.done(), "asyncio's gather lets the others run");
          go.set();
          assertEquals(1, slow.get());
          return null;
        });
  }

  @Test
  void gather_cancelled_cancelsItsChildren() throws Exception {
    run(
        () -> {
          Coroutine<Integer> a = after(10_000, 1);
          Coroutine<Integer> b = after(10_000, 2);
          Coroutine<List<Integer>> g = Coroutines.spawn(() -> Coroutines.gather(a, b));
          Coroutines.sleep(ms(10));
          g.cancel();
          assertThrows(CancelledException.class, g::get);
          assertTrue(a.cancelled() && b.cancelled());
          return null;
        });
  }

  @Test
  void gather_ofACancelledChild_throwsCancelledException() throws Exception {
    run(
        () -> {
          Coroutine<Integer> a = after(10_000, 1);
          Coroutine<Integer> b = after(10_000, 2);
          Coroutines.sleep(ms(5));
          a.cancel();
          CancelledException e =
              assertThrows(CancelledException.class, () -> Coroutines.gather(a, b));
          assertTrue(e.getMessage().contains(a.name()), e.getMessage());
          assertTrue(b.cancelled());
          assertEquals(0, Coroutines.current().cancelling(), "the caller itself is not cancelled");
          return null;
        });
  }

  @Test
  void gatherReturnExceptions_waitsForAllAndCancelsNothing() throws Exception {
    run(
        () -> {
          List<Coroutine<Integer>> all = List.of(after(30, 1), failAfter(5, "bad"), after(10, 3));
          List<Coroutine<Integer>> r = Coroutines.gatherReturnExceptions(all);
          assertSame(all.get(0), r.get(0));
          assertEquals(1, r.get(0).value());
          assertEquals("bad", r.get(1).exception().getMessage());
          assertEquals(3, r.get(2).value());
          return null;
        });
  }

  // ---------------------------------------------------------------- wait and asCompleted

  @Test
  void wait_firstCompleted_returnsTheFirstToEnd() throws Exception {
    run(
        () -> {
          Coroutine<Integer> slow = after(10_000, 1);
          Coroutine<Integer> fast = after(10, 2);
          DoneAndPending<Integer> r =
              Coroutines.wait(List.of(slow, fast), null, ReturnWhen.FIRST_COMPLETED);
          assertEquals(List.of(fast), r.done());
          assertEquals(List.of(slow), r.pending());
          assertFalse(slow.done(), "wait cancels nothing");
          slow.cancel();
          return null;
        });
  }

  @Test
  void wait_firstException_returnsAtTheFirstFailure() throws Exception {
    run(
        () -> {
          Coroutine<Integer> ok = after(5, 1);
          Coroutine<Integer> bad = failAfter(20, "bad");
          Coroutine<Integer> slow = after(10_000, 3);
          DoneAndPending<Integer> r =
              Coroutines.wait(List.of(ok, bad, slow), null, ReturnWhen.FIRST_EXCEPTION);
          assertEquals(List.of(ok, bad), r.done());
          assertEquals(List.of(slow), r.pending());
          slow.cancel();
          return null;
        });
  }

  @Test
  void wait_allCompletedWithATimeout_returnsWhatEnded() throws Exception {
    run(
        () -> {
          Coroutine<Integer> fast = after(5, 1);
          Coroutine<Integer> slow = after(10_000, 2);
          DoneAndPending<Integer> r =
              Coroutines.wait(List.of(fast, slow), ms(100), ReturnWhen.ALL_COMPLETED);
          assertEquals(List.of(fast), r.done());
          assertEquals(List.of(slow), r.pending());
          slow.cancel();
          return null;
        });
  }

  @Test
  void asCompleted_yieldsInEndOrderAndTimesOut() throws Exception {
    run(
        () -> {
          Coroutine<Integer> a = after(60, 1);
          Coroutine<Integer> b = after(5, 2);
          Coroutine<Integer> c = after(30, 3);
          List<Integer> order = new ArrayList<>();
          for (Coroutine<Integer> done : Coroutines.asCompleted(List.of(a, b, c), null)) {
            order.add(done.get());
          }
          assertEquals(List.of(2, 3, 1), order);
          Coroutine<Integer> never = after(10_000, 4);
          var it = Coroutines.asCompleted(List.of(never), ms(30)).iterator();
          assertThrows(CoroutineTimeoutException.class, it::next);
          never.cancel();
          return null;
        });
  }

  // ---------------------------------------------------------------- waitFor (test_waitfor)

  @Test
  void waitFor_timesOutCancelsAndWaitsForTheCancellation() throws Exception {
    AtomicBoolean cleanedUp = new AtomicBoolean();
    run(
        () -> {
          Coroutine<String> inner =
              Coroutines.spawn(
                  () -> {
                    try {
                      Coroutines.sleep(Duration.ofSeconds(10));
                    } finally {
                      Coroutines.nonCancellable(
                          () -> {
                            Coroutines.sleep(ms(5)); // slow clean-up: waitFor waits for it
                            cleanedUp.set(true);
                            return null;
                          });
                    }
                    return "done";
                  });
          CoroutineTimeoutException e =
              assertThrows(
                  CoroutineTimeoutException.class, () -> Coroutines.waitFor(inner, ms(20)));
          assertTrue(inner.cancelled());
          assertTrue(cleanedUp.get());
          assertInstanceOf(CancelledException.class, e.getCause());
          return null;
        });
  }

  @Test
  void waitFor_returnsTheValueOfACoroutineThatIgnoredTheCancellation() throws Exception {
    int r =
        run(
            () ->
                Coroutines.waitFor(
                    Coroutines.spawn(
                        () -> {
                          try {
                            Coroutines.sleep(Duration.ofSeconds(1));
                          } catch (CancelledException e) {
                            return 1; // test_wait_for_cancellation_race_condition: the value is not
                            // lost
                          }
                          return 2;
                        }),
                    ms(10)));
    assertEquals(1, r);
  }

  @Test
  void waitFor_rethrowsAFailureDuringTheCancellation() throws Exception {
    run(
        () -> {
          Coroutine<Void> inner =
              Coroutines.spawn(
                  () -> {
                    try {
                      Coroutines.sleep(Duration.ofSeconds(10));
                    } catch (CancelledException e) {
                      throw new IllegalArgumentException("during cancellation", e);
                    }
                  });
          CoroutineFailedException e =
              assertThrows(CoroutineFailedException.class, () -> Coroutines.waitFor(inner, ms(10)));
          assertEquals("during cancellation", e.getCause().getMessage());
          return null;
        });
  }

  @Test
  void waitFor_zeroTimeout_cancelsACoroutineThatHasNotStarted() throws Exception {
    AtomicBoolean started = new AtomicBoolean();
    run(
        () -> {
          Coroutine<Void> c = Coroutines.spawn(() -> started.set(true));
          assertThrows(CoroutineTimeoutException.class, () -> Coroutines.waitFor(c, Duration.ZERO));
          assertTrue(c.cancelled());
          return null;
        });
    assertFalse(started.get());
  }

  @Test
  void waitFor_ofADoneCoroutineWithZeroTimeout_returnsItsValue() throws Exception {
    assertEquals(
        5,
        run(
            () -> {
              Coroutine<Integer> c = Coroutines.spawn(() -> 5);
              c.join();
              return Coroutines.waitFor(c, Duration.ZERO);
            }));
  }

  @Test
  void waitFor_cancelled_cancelsTheInnerCoroutine() throws Exception {
    run(
        () -> {
          Coroutine<Void> inner = Coroutines.spawn(() -> new AsyncEvent().await());
          Coroutine<Void> waiting =
              Coroutines.spawn(() -> Coroutines.waitFor(inner, Duration.ofSeconds(60)));
          Coroutines.sleep(ms(10));
          waiting.cancel();
          assertThrows(CancelledException.class, waiting::get);
          assertTrue(inner.cancelled(), "python #23219: cancelling the wait cancels the task");
          return null;
        });
  }

  @Test
  void waitFor_withoutTimeout_waits() throws Exception {
    assertEquals("done", run(() -> Coroutines.waitFor(() -> "done", null)));
  }

  // ---------------------------------------------------------------- timeout scopes (test_timeouts)

  @Test
  void timeout_expiry_becomesCoroutineTimeoutException() throws Exception {
    run(
        () -> {
          CoroutineTimeoutException e =
              assertThrows(
                  CoroutineTimeoutException.class,
                  () ->
                      Coroutines.timeout(
                          ms(10),
                          () -> {
                            Coroutines.sleep(Duration.ofSeconds(10));
                            return null;
                          }));
          assertInstanceOf(CancelledException.class, e.getCause());
          assertEquals(
              0, Coroutines.current().cancelling(), "the scope took its cancellation back");
          Coroutines.sleep(ms(1)); // and the coroutine awaits normally again
          return null;
        });
  }

  @Test
  void timeout_notReached_returnsTheValue() throws Exception {
    assertEquals(3, run(() -> Coroutines.timeout(Duration.ofSeconds(10), () -> 3)));
  }

  @Test
  void timeout_bodyThatEndsNormallyAfterExpiry_keepsItsValue() throws Exception {
    assertEquals(
        "kept",
        run(
            () ->
                Coroutines.timeout(
                    ms(5),
                    () -> {
                      try {
                        Coroutines.sleep(Duration.ofSeconds(10));
                      } catch (CancelledException e) {
                        return "kept";
                      }
                      return "slept";
                    })));
  }

  @Test
  void timeout_nested_innerExpiryIsTheInnersAndOuterStillCounts() throws Exception {
    run(
        () -> {
          List<String> seen = Collections.synchronizedList(new ArrayList<>());
          assertThrows(
              CoroutineTimeoutException.class,
              () ->
                  Coroutines.timeout(
                      ms(80),
                      () -> {
                        try {
                          Coroutines.timeout(
                              ms(10),
                              () -> {
                                Coroutines.sleep(Duration.ofSeconds(10));
                                return null;
                              });
                        } catch (CoroutineTimeoutException inner) {
                          seen.add("inner timed out");
                        }
                        Coroutines.sleep(Duration.ofSeconds(10)); // the outer one still runs
                        return null;
                      }));
          assertEquals(List.of("inner timed out"), seen);
          return null;
        });
  }

  @Test
  void timeout_nestedBothExpired_theOuterOneIsReportedByTheOuterScope() throws Exception {
    run(
        () -> {
          List<String> seen = Collections.synchronizedList(new ArrayList<>());
          assertThrows(
              CoroutineTimeoutException.class,
              () ->
                  Coroutines.timeout(
                      ms(5),
                      () -> {
                        try {
                          return Coroutines.timeout(
                              ms(5),
                              () -> {
                                Thread.sleep(50); // both deadlines pass while the loop is held
                                Coroutines.sleep(Duration.ofSeconds(10));
                                return null;
                              });
                        } catch (CoroutineTimeoutException inner) {
                          seen.add("inner swallowed the outer's expiry");
                          throw inner;
                        } catch (CancelledException outer) {
                          seen.add("outer's cancellation passed the inner scope");
                          throw outer;
                        }
                      }));
          assertEquals(List.of("outer's cancellation passed the inner scope"), seen);
          return null;
        });
  }

  @Test
  void timeout_doesNotSwallowACancellationFromOutside() throws Exception {
    run(
        () -> {
          Coroutine<Void> c =
              Coroutines.spawn(
                  () -> {
                    Coroutines.timeout(
                        Duration.ofSeconds(60),
                        () -> {
                          Coroutines.sleep(Duration.ofSeconds(60));
                          return null;
                        });
                  });
          Coroutines.sleep(ms(10));
          c.cancel();
          assertThrows(CancelledException.class, c::get);
          return null;
        });
  }

  @Test
  void timeout_cancelledFromOutsideAfterExpiry_propagatesTheCancellation() throws Exception {
    run(
        () -> {
          AsyncEvent expired = new AsyncEvent();
          Coroutine<Void> c =
              Coroutines.spawn(
                  () -> {
                    Coroutines.timeout(
                        ms(5),
                        () -> {
                          try {
                            Coroutines.sleep(Duration.ofSeconds(60));
                          } catch (CancelledException e) {
                            expired.set();
                            Coroutines.nonCancellable(
                                () -> {
                                  Coroutines.sleep(ms(30)); // the outside cancel lands here
                                  return null;
                                });
                            throw e;
                          }
                          return null;
                        });
                  });
          expired.await();
          c.cancel();
          assertThrows(CancelledException.class, c::get, "not turned into a timeout");
          return null;
        });
  }

  // ---------------------------------------------------------------- shield

  @Test
  void shield_cancellingTheShieldLeavesTheInnerRunning() throws Exception {
    run(
        () -> {
          Coroutine<Integer> inner = after(50, 8);
          Coroutine<Integer> shield = Coroutines.shield(inner);
          assertThrows(CoroutineTimeoutException.class, () -> Coroutines.waitFor(shield, ms(5)));
          assertTrue(shield.cancelled());
          assertFalse(inner.done(), "the shielded coroutine goes on");
          assertEquals(8, inner.get());
          return null;
        });
  }

  @Test
  void shield_hasTheInnersOutcome() throws Exception {
    run(
        () -> {
          assertEquals(4, Coroutines.shield(after(1, 4)).get());
          Coroutine<Integer> bad = failAfter(1, "bad");
          Coroutine<Integer> shield = Coroutines.shield(bad);
          shield.join();
          assertSame(bad.exception(), shield.exception());
          assertNull(shield.value());
          return null;
        });
  }
}
