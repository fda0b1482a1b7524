package dev.multitask.coro;

import static dev.multitask.coro.CoroTesting.ms;
import static dev.multitask.coro.CoroTesting.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Cancellation: delivered at await points, never lost, taken back only by whoever asked. */
class CancellationTest {

  @Test
  void cancel_wakesASleeperWithCancelledException() throws Exception {
    run(
        () -> {
          Coroutine<Void> sleeper =
              Coroutines.spawn("sleeper", () -> Coroutines.sleep(Duration.ofSeconds(30)));
          Coroutines.sleep(ms(10));
          assertTrue(sleeper.cancel("enough"));
          sleeper.join();
          assertTrue(sleeper.cancelled());
          assertFalse(sleeper.successful());
          assertEquals(null, sleeper.exception(), "a cancellation is not a failure");
          CancelledException e = assertThrows(CancelledException.class, sleeper::get);
          assertTrue(e.getMessage().contains("'sleeper' was cancelled"), e.getMessage());
          assertTrue(e.getMessage().contains("enough"), e.getMessage());
          assertFalse(sleeper.cancel(), "cancelling an ended coroutine does nothing");
          return null;
        });
  }

  @Test
  void swallowedCancellation_isThrownAgainAtTheNextAwait() throws Exception {
    List<String> seen = Collections.synchronizedList(new ArrayList<>());
    run(
        () -> {
          Coroutine<Void> stubborn =
              Coroutines.spawn(
                  () -> {
                    try {
                      Coroutines.sleep(Duration.ofSeconds(30));
                    } catch (CancelledException dropped) {
                      seen.add("caught once");
                    }
                    try {
                      Coroutines.sleep(ms(1)); // still cancelled: throws again
                      seen.add("slept");
                    } catch (CancelledException again) {
                      seen.add("caught again");
                    }
                    Coroutines.yield(); // and again: it ends cancelled
                    seen.add("unreachable");
                  });
          Coroutines.sleep(ms(10));
          stubborn.cancel();
          stubborn.join();
          assertTrue(stubborn.cancelled());
          return null;
        });
    assertEquals(List.of("caught once", "caught again"), seen);
  }

  @Test
  void uncancel_letsACoroutineThatMeansItAwaitAgain() throws Exception {
    int got =
        run(
            () -> {
              Coroutine<Integer> retrying =
                  Coroutines.spawn(
                      () -> {
                        try {
                          Coroutines.sleep(Duration.ofSeconds(30));
                        } catch (CancelledException e) {
                          assertEquals(1, Coroutines.current().cancelling());
                          assertEquals(0, Coroutines.current().uncancel());
                        }
                        Coroutines.sleep(ms(1));
                        return 7;
                      });
              Coroutines.sleep(ms(10));
              retrying.cancel();
              return retrying.get();
            });
    assertEquals(7, got);
  }

  @Test
  void cancel_beforeTheFirstRun_bodyNeverRuns() throws Exception {
    AtomicBoolean ran = new AtomicBoolean();
    run(
        () -> {
          Coroutine<Void> c = Coroutines.spawn(() -> ran.set(true));
          c.cancel();
          c.join();
          assertTrue(c.cancelled());
          return null;
        });
    assertFalse(ran.get());
  }

  @Test
  void cancel_ofTheRunningCoroutine_isDeliveredAtItsNextAwait() throws Exception {
    List<String> seen = Collections.synchronizedList(new ArrayList<>());
    run(
        () -> {
          Coroutine<Void> self =
              Coroutines.spawn(
                  () -> {
                    Coroutines.current().cancel();
                    seen.add("still running: no await point yet");
                    Coroutines.yield();
                    seen.add("unreachable");
                  });
          self.join();
          assertTrue(self.cancelled());
          return null;
        });
    assertEquals(List.of("still running: no await point yet"), seen);
  }

  @Test
  void cancelling_countsRequests() throws Exception {
    run(
        () -> {
          Coroutine<Void> c =
              Coroutines.spawn(
                  () -> {
                    try {
                      Coroutines.sleep(Duration.ofSeconds(30));
                    } catch (CancelledException e) {
                      assertEquals(3, Coroutines.current().cancelling());
                      Coroutines.current().uncancel();
                      assertThrows(
                          CancelledException.class, Coroutines::yield, "two requests are left");
                    }
                  });
          Coroutines.sleep(ms(10));
          c.cancel();
          c.cancel();
          c.cancel();
          c.join();
          return null;
        });
  }

  @Test
  void kill_withAnException_throwsItThenCancels() throws Exception {
    run(
        () -> {
          IllegalStateException stop = new IllegalStateException("stop");
          List<Throwable> seen = Collections.synchronizedList(new ArrayList<>());
          Coroutine<Void> c =
              Coroutines.spawn(
                  () -> {
                    try {
                      Coroutines.sleep(Duration.ofSeconds(30));
                    } catch (IllegalStateException e) {
                      seen.add(e);
                    }
                    Coroutines.sleep(Duration.ofSeconds(30)); // killed: it does not carry on
                  });
          Coroutines.sleep(ms(10));
          assertTrue(c.kill(stop, true, Duration.ofSeconds(10)));
          assertSame(stop, seen.getFirst());
          assertTrue(c.cancelled());
          return null;
        });
  }

  @Test
  void nonCancellable_defersTheCancellationToTheNextAwaitAfterIt() throws Exception {
    List<String> seen = Collections.synchronizedList(new ArrayList<>());
    run(
        () -> {
          AsyncEvent inside = new AsyncEvent();
          Coroutine<Void> c =
              Coroutines.spawn(
                  () -> {
                    Coroutines.nonCancellable(
                        () -> {
                          inside.set();
                          Coroutines.sleep(
                              ms(50)); // the cancel arrives here: not woken, not thrown
                          seen.add("clean-up awaited");
                          return null;
                        });
                    seen.add("after the section");
                    Coroutines.yield();
                    seen.add("unreachable");
                  });
          inside.await();
          c.cancel();
          c.join();
          assertTrue(c.cancelled());
          return null;
        });
    assertEquals(List.of("clean-up awaited", "after the section"), seen);
  }

  @Test
  void cancelledWaiter_leavesTheLockQueueAndTheLockIsNotLost() throws Exception {
    run(
        () -> {
          AsyncLock lock = new AsyncLock();
          lock.lock();
          Coroutine<Void> waiter = Coroutines.spawn(lock::lock);
          Coroutine<Boolean> next = Coroutines.spawn(() -> lock.tryLock(Duration.ofSeconds(10)));
          Coroutines.sleep(ms(10));
          waiter.cancel();
          waiter.join();
          assertTrue(waiter.cancelled());
          lock.unlock();
          assertTrue(next.get(), "the lock went to the next waiter, not to the cancelled one");
          return null;
        });
  }

  @Test
  void interruptOfACoroutinesThread_becomesACancellation() throws Exception {
    run(
        () -> {
          AtomicInteger thrown = new AtomicInteger();
          Coroutine<Void> c =
              Coroutines.spawn(
                  () -> {
                    Thread.currentThread()
                        .interrupt(); // Java's stop request, from the coroutine's own code
                    try {
                      Coroutines.sleep(Duration.ofSeconds(30));
                    } catch (CancelledException e) {
                      thrown.incrementAndGet();
                      throw e;
                    }
                  });
          c.join();
          assertEquals(1, thrown.get());
          assertTrue(c.cancelled());
          return null;
        });
  }
}
