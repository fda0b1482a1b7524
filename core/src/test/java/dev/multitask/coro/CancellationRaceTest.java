package dev.multitask.coro;

import static dev.multitask.coro.CoroTesting.ms;
import static dev.multitask.coro.CoroTesting.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Races that asyncio got wrong, run here both in the order the event loop makes exact and, many
 * times, at random in parallel mode.
 */
class CancellationRaceTest {
  private static final int RACES = 300;

  /** What a waitFor raced by a cancellation of its caller ended with. */
  private record Ending(
      Integer value,
      boolean threwCancelled,
      boolean callerEndedCancelled,
      boolean innerGaveValue) {}

  /**
   * cpython #86296: waitFor cancelled while its inner coroutine completes. Here neither the result
   * nor the cancellation may be lost: the caller gets the value and its next await point throws.
   */
  @Test
  void waitFor_cancelledAsItsInnerCompletes_losesNeitherResultNorCancellation() throws Exception {
    for (boolean cancelFirst : new boolean[] {false, true}) {
      run(
          () -> {
            AsyncEvent go = new AsyncEvent();
            Coroutine<Integer> inner =
                Coroutines.spawn(
                    () -> {
                      go.await();
                      return 42;
                    });
            List<Integer> got = new ArrayList<>();
            Coroutine<Void> caller =
                Coroutines.spawn(
                    () -> {
                      got.add(Coroutines.waitFor(inner, Duration.ofSeconds(60)));
                      Coroutines.yield(); // the cancellation is still pending: thrown here
                      got.add(-1);
                    });
            Coroutines.sleep(ms(5));
            if (cancelFirst) {
              caller.cancel();
              go.set();
            } else {
              go.set();
              caller.cancel();
            }
            caller.join();
            assertEquals(List.of(42), got, "cancelFirst=" + cancelFirst);
            assertTrue(caller.cancelled(), "the cancellation was not lost");
            assertEquals(42, inner.get());
            return null;
          });
    }
  }

  @Test
  void waitFor_raceInParallelMode_neverLosesEither() throws Exception {
    int[] outcomes = new int[2];
    for (int i = 0; i < RACES; i++) {
      Ending e =
          run(
              LoopOptions.defaults().parallel(true),
              () -> {
                CountDownLatch start = new CountDownLatch(1);
                AsyncEvent go = new AsyncEvent();
                Coroutine<Integer> inner =
                    Coroutines.spawn(
                        () -> {
                          go.await();
                          return 7;
                        });
                Integer[] value = new Integer[1];
                boolean[] threw = new boolean[1];
                Coroutine<Void> caller =
                    Coroutines.spawn(
                        () -> {
                          try {
                            value[0] = Coroutines.waitFor(inner, Duration.ofSeconds(60));
                          } catch (CancelledException c) {
                            threw[0] = true;
                            throw c;
                          }
                          while (true) {
                            Coroutines.sleep(ms(1)); // only the cancellation can end it
                          }
                        });
                // the race is inside waitFor: a cancellation that comes before it is an
                // ordinary one, met at waitFor's entry, and leaves the inner coroutine alone
                while (caller.state() != Coroutine.State.WAITING) {
                  Coroutines.sleep(ms(1));
                }
                Thread setter = Thread.ofPlatform().start(() -> awaitThen(start, go::set));
                Thread canceller =
                    Thread.ofPlatform().start(() -> awaitThen(start, caller::cancel));
                start.countDown();
                setter.join();
                canceller.join();
                caller.join();
                inner.join();
                return new Ending(value[0], threw[0], caller.cancelled(), inner.successful());
              });
      assertTrue(e.callerEndedCancelled(), "the cancellation was lost: " + e);
      if (e.innerGaveValue()) {
        assertEquals(7, e.value(), "the value was lost: " + e);
      }
      if (e.value() != null) {
        assertEquals(7, e.value());
        outcomes[0]++;
      } else {
        assertTrue(e.threwCancelled(), e.toString());
        outcomes[1]++;
      }
    }
    assertEquals(RACES, outcomes[0] + outcomes[1], Arrays.toString(outcomes));
  }

  private static void awaitThen(CountDownLatch start, Runnable action) {
    try {
      start.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    }
    action.run();
  }

  /**
   * cpython #116720: a nested task group whose child fails at the same moment as a child of the
   * outer group. The outer group must not hang, and both failures must be reported.
   */
  @Test
  void nestedTaskGroups_childrenOfBothFailTogether_noHangBothReported() throws Exception {
    run(
        () -> {
          AsyncEvent go = new AsyncEvent();
          CoroutineFailedException e =
              assertThrows(
                  CoroutineFailedException.class,
                  () ->
                      TaskGroup.run(
                          outer -> {
                            outer.spawn(failOn(go, "outer child"));
                            return TaskGroup.run(
                                inner -> {
                                  inner.spawn(failOn(go, "inner child"));
                                  go.set();
                                  Coroutines.sleep(Duration.ofSeconds(60));
                                  return null;
                                });
                          }));
          List<String> messages = new ArrayList<>();
          messages.add(e.getCause().getMessage());
          for (Throwable t : e.getSuppressed()) {
            messages.add(t.getMessage());
          }
          assertTrue(String.join("|", messages).contains("outer child"), messages.toString());
          assertTrue(String.join("|", messages).contains("inner child"), messages.toString());
          assertEquals(0, Coroutines.current().cancelling(), "each group took back only its own");
          Coroutines.sleep(ms(1));
          return null;
        });
  }

  /** The same, with a cancellation of the coroutine from outside landing at the same moment. */
  @Test
  void nestedTaskGroups_underAnOuterCancellation_keepTheCancellation() throws Exception {
    run(
        () -> {
          AsyncEvent go = new AsyncEvent();
          AtomicInteger failuresSeen = new AtomicInteger();
          Coroutine<Void> worker =
              Coroutines.spawn(
                  () -> {
                    try {
                      TaskGroup.run(
                          outer -> {
                            outer.spawn(failOn(go, "outer child"));
                            return TaskGroup.run(
                                inner -> {
                                  inner.spawn(failOn(go, "inner child"));
                                  Coroutines.sleep(Duration.ofSeconds(60));
                                  return null;
                                });
                          });
                    } catch (CoroutineFailedException expected) {
                      failuresSeen.incrementAndGet();
                    }
                    Coroutines.sleep(Duration.ofSeconds(60)); // the outside cancellation lands here
                    fail("the cancellation from outside was swallowed by the groups");
                  });
          Coroutines.sleep(ms(5));
          go.set();
          worker.cancel();
          worker.join();
          assertTrue(worker.cancelled());
          assertEquals(1, failuresSeen.get());
          return null;
        });
  }

  @Test
  void nestedTaskGroups_cancelledFromOutside_propagateTheCancellation() throws Exception {
    run(
        () -> {
          Coroutine<Void> worker =
              Coroutines.spawn(
                  () -> {
                    TaskGroup.run(
                        outer -> {
                          outer.spawn(() -> Coroutines.sleep(Duration.ofSeconds(60)));
                          return TaskGroup.run(
                              inner -> {
                                inner.spawn(() -> Coroutines.sleep(Duration.ofSeconds(60)));
                                Coroutines.sleep(Duration.ofSeconds(60));
                                return null;
                              });
                        });
                  });
          Coroutines.sleep(ms(5));
          worker.cancel();
          assertThrows(CancelledException.class, worker::get);
          return null;
        });
  }

  /** A child of gather fails while the others run: they are all cancelled and ended, every time. */
  @Test
  void gather_childFailure_cancelsAndEndsEverySibling() throws Exception {
    for (int i = 0; i < RACES / 3; i++) {
      run(
          LoopOptions.defaults().parallel(true),
          () -> {
            List<Coroutine<Integer>> all = new ArrayList<>();
            for (int c = 0; c < 6; c++) {
              int delay = ThreadLocalRandom.current().nextInt(3);
              boolean fails = c == 2;
              all.add(
                  Coroutines.spawn(
                      () -> {
                        Coroutines.sleep(ms(delay));
                        if (fails) {
                          throw new IllegalStateException("child failed");
                        }
                        Coroutines.sleep(Duration.ofSeconds(60));
                        return 0;
                      }));
            }
            assertThrows(CoroutineFailedException.class, () -> Coroutines.gather(all));
            for (Coroutine<Integer> c : all) {
              assertTrue(c.done(), c + " outlived the gather");
            }
            return null;
          });
    }
  }

  private static dev.multitask.Task<Void> failOn(AsyncEvent go, String message) {
    return () -> {
      go.await();
      throw new IllegalStateException(message);
    };
  }

  /**
   * asyncio's queue race (bpo-31033's family): a taker cancelled at the moment an element is handed
   * to it. The element must not be lost: the taker returns it, or it stays in the queue.
   */
  @Test
  void queueTake_cancelledAsAnElementArrives_losesNoElement() throws Exception {
    for (boolean cancelFirst : new boolean[] {false, true}) {
      run(
          () -> {
            AsyncQueue<String> q = new AsyncQueue<>();
            List<String> got = new ArrayList<>();
            Coroutine<Void> taker =
                Coroutines.spawn(
                    () -> {
                      got.add(q.take());
                      Coroutines.yield();
                    });
            Coroutines.sleep(ms(5));
            if (cancelFirst) {
              taker.cancel();
              q.put("x");
            } else {
              q.put("x");
              taker.cancel();
            }
            taker.join();
            assertTrue(taker.cancelled());
            List<String> everywhere = new ArrayList<>(got);
            for (String left; (left = q.poll()) != null; ) {
              everywhere.add(left);
            }
            assertEquals(List.of("x"), everywhere, "cancelFirst=" + cancelFirst);
            return null;
          });
    }
  }

  @Test
  void queueTake_raceInParallelMode_losesNoElement() throws Exception {
    for (int i = 0; i < RACES; i++) {
      int found =
          run(
              LoopOptions.defaults().parallel(true),
              () -> {
                AsyncQueue<Integer> q = new AsyncQueue<>();
                AtomicInteger taken = new AtomicInteger();
                Coroutine<Void> taker =
                    Coroutines.spawn(
                        () -> {
                          taken.addAndGet(q.take());
                          while (true) {
                            Coroutines.sleep(ms(1));
                          }
                        });
                Coroutines.sleep(ms(1));
                CountDownLatch start = new CountDownLatch(1);
                Thread putter = Thread.ofPlatform().start(() -> awaitThen(start, () -> q.offer(1)));
                Thread canceller = Thread.ofPlatform().start(() -> awaitThen(start, taker::cancel));
                start.countDown();
                putter.join();
                canceller.join();
                taker.join();
                Integer left = q.poll();
                return taken.get() + (left == null ? 0 : left);
              });
      assertEquals(1, found, "the element was lost or doubled in race " + i);
    }
  }

  /** A lock waiter cancelled as the lock is handed to it: the lock is not lost. */
  @Test
  void lockWaiter_cancelledAsTheLockIsHandedOver_theLockIsNotLost() throws Exception {
    for (boolean cancelFirst : new boolean[] {false, true}) {
      run(
          () -> {
            AsyncLock lock = new AsyncLock();
            lock.lock();
            Coroutine<Void> waiter =
                Coroutines.spawn(
                    () -> {
                      try (dev.multitask.sync.Hold _ = lock.hold()) {
                        Coroutines.yield(); // holds it, then its cancellation is thrown here
                      }
                    });
            Coroutines.sleep(ms(5));
            if (cancelFirst) {
              waiter.cancel();
              lock.unlock();
            } else {
              lock.unlock();
              waiter.cancel();
            }
            waiter.join();
            assertTrue(waiter.cancelled());
            assertTrue(
                lock.tryLock(), "the lock was released, not lost: cancelFirst=" + cancelFirst);
            lock.unlock();
            return null;
          });
    }
  }

  /** A condition waiter signalled and cancelled at once: the signal is not lost. */
  @Test
  void conditionWaiter_signalledAndCancelledAtOnce_returnsAndIsCancelledNext() throws Exception {
    run(
        () -> {
          AsyncCondition cond = new AsyncCondition();
          List<String> seen = new ArrayList<>();
          Coroutine<Void> waiter =
              Coroutines.spawn(
                  () -> {
                    try (dev.multitask.sync.Hold _ = cond.hold()) {
                      cond.await();
                      seen.add("signal received");
                    }
                    Coroutines.yield();
                    seen.add("unreachable");
                  });
          Coroutines.sleep(ms(5));
          try (dev.multitask.sync.Hold _ = cond.hold()) {
            cond.signal();
            waiter.cancel();
          }
          waiter.join();
          assertEquals(List.of("signal received"), seen);
          assertTrue(waiter.cancelled());
          return null;
        });
  }
}
