package dev.multitask.coro;

import static dev.multitask.coro.CoroTesting.ms;
import static dev.multitask.coro.CoroTesting.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** gevent's API: greenlet outcome, joinall, links, kill, Timeout, Group and Pool. */
class GeventTest {

  @Test
  void greenletOutcome_getValueExceptionSuccessfulReady() throws Exception {
    run(
        () -> {
          Coroutine<String> ok =
              Coroutines.spawn(
                  () -> {
                    Coroutines.sleep(ms(5));
                    return "ok";
                  });
          assertFalse(ok.ready());
          assertNull(ok.value());
          assertNull(ok.exception());
          assertEquals("ok", ok.get(Duration.ofSeconds(10)));
          assertTrue(ok.ready() && ok.successful());
          IllegalStateException boom = new IllegalStateException("boom");
          Coroutine<String> bad =
              Coroutines.spawn(
                  () -> {
                    throw boom;
                  });
          bad.join();
          assertSame(boom, bad.exception());
          assertFalse(bad.successful());
          CoroutineFailedException e = assertThrows(CoroutineFailedException.class, bad::get);
          assertSame(boom, e.getCause());
          Coroutine<String> slow =
              Coroutines.spawn(
                  () -> {
                    Coroutines.sleep(Duration.ofSeconds(60));
                    return "late";
                  });
          assertThrows(CoroutineTimeoutException.class, () -> slow.get(ms(10)));
          assertFalse(slow.done(), "a timed get does not kill");
          slow.kill();
          assertTrue(slow.cancelled());
          return null;
        });
  }

  @Test
  void joinAll_returnsTheEndedOnesAndRaisesTheFirstErrorWhenAsked() throws Exception {
    run(
        () -> {
          Coroutine<Integer> fast = Coroutines.spawn(() -> 1);
          Coroutine<Integer> slow =
              Coroutines.spawn(
                  () -> {
                    Coroutines.sleep(Duration.ofSeconds(60));
                    return 2;
                  });
          List<Coroutine<Integer>> done = Coroutines.joinAll(List.of(fast, slow), ms(20), false);
          assertEquals(List.of(fast), done);
          Coroutine<Integer> bad =
              Coroutines.spawn(
                  () -> {
                    throw new IllegalArgumentException("bad");
                  });
          CoroutineFailedException e =
              assertThrows(
                  CoroutineFailedException.class,
                  () -> Coroutines.joinAll(List.of(slow, bad), null, true));
          assertEquals("bad", e.getCause().getMessage());
          assertTrue(Coroutines.killAll(List.of(slow), true, Duration.ofSeconds(10)));
          assertTrue(slow.cancelled());
          return null;
        });
  }

  @Test
  void links_runOnceEachOnTheLoopAlsoWhenLinkedAfterTheEnd() throws Exception {
    List<String> calls = Collections.synchronizedList(new ArrayList<>());
    run(
        () -> {
          AsyncEvent go = new AsyncEvent();
          Coroutine<String> ok =
              Coroutines.spawn(
                  "ok",
                  () -> {
                    go.await();
                    return "v";
                  });
          Coroutine<String> bad =
              Coroutines.spawn(
                  "bad",
                  () -> {
                    go.await();
                    throw new IllegalStateException("x");
                  });
          for (Coroutine<String> c : List.of(ok, bad)) {
            c.link(g -> calls.add("link " + g.name() + " in " + Coroutines.current().name()));
            c.linkValue(g -> calls.add("value " + g.name() + "=" + g.value()));
            c.linkException(
                g -> calls.add("exception " + g.name() + ": " + g.exception().getMessage()));
          }
          go.set();
          ok.join();
          bad.join();
          Coroutines.sleep(ms(20)); // the callbacks run as coroutines of their own
          ok.link(g -> calls.add("late link " + g.name()));
          Coroutines.sleep(ms(20));
          return null;
        });
    assertEquals(
        List.of(
            "link ok in link of ok",
            "value ok=v",
            "link bad in link of bad",
            "exception bad: x",
            "late link ok"),
        calls);
  }

  @Test
  void linkCallbackThatThrows_isLoggedAndTheOthersStillRun() throws Exception {
    List<String> calls = Collections.synchronizedList(new ArrayList<>());
    try (CoroTesting.LogCapture log = new CoroTesting.LogCapture()) {
      run(
          () -> {
            Coroutine<Integer> c = Coroutines.spawn("linked", () -> 1);
            c.link(
                g -> {
                  throw new IllegalStateException("callback broke");
                });
            c.link(g -> calls.add("second"));
            c.join();
            Coroutines.sleep(ms(20));
            return null;
          });
      assertEquals(List.of("second"), calls);
      String w = log.awaitWarning("callback broke", Duration.ofSeconds(5));
      assertNotNull(w, log.warnings().toString());
      assertTrue(w.contains("coroutine 'linked'"), w);
    }
  }

  @Test
  void links_ofCoroutinesCancelledByTheLoopsClose_stillRun() {
    List<String> calls = Collections.synchronizedList(new ArrayList<>());
    Coroutines.run(
        () -> {
          Coroutine<Void> c = Coroutines.spawn(() -> Coroutines.sleep(Duration.ofSeconds(60)));
          c.link(g -> calls.add("link ran, cancelled=" + g.cancelled()));
          Coroutines.yield();
        });
    assertEquals(List.of("link ran, cancelled=true"), calls);
  }

  @Test
  void unlink_removesACallbackThatHasNotRun() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    run(
        () -> {
          Coroutine<Integer> c =
              Coroutines.spawn(
                  () -> {
                    Coroutines.sleep(ms(5));
                    return 1;
                  });
          Coroutine.Link<Integer> cb = g -> calls.incrementAndGet();
          c.link(cb);
          c.unlink(cb);
          c.join();
          Coroutines.sleep(ms(10));
          return null;
        });
    assertEquals(0, calls.get());
  }

  @Test
  void kill_withTimeoutReportsWhetherItEnded() throws Exception {
    run(
        () -> {
          Coroutine<Void> stubborn =
              Coroutines.spawn(
                  () -> {
                    Coroutines.nonCancellable(
                        () -> {
                          Coroutines.sleep(ms(200));
                          return null;
                        });
                    Coroutines.yield(); // the kill, held back so far, is delivered here
                  });
          Coroutines.sleep(ms(5));
          assertFalse(stubborn.kill(null, true, ms(10)), "still running after the timeout");
          assertTrue(stubborn.kill(null, true, Duration.ofSeconds(10)));
          assertTrue(stubborn.cancelled());
          assertThrows(IllegalStateException.class, () -> Coroutines.current().kill());
          return null;
        });
  }

  @Test
  void timeout_isThrownAtTheAwaitPointAndNestedOnesTellThemselvesApart() throws Exception {
    run(
        () -> {
          List<String> seen = new ArrayList<>();
          try (Timeout outer = Timeout.start(ms(40))) {
            try (Timeout inner = Timeout.start(ms(5))) {
              assertTrue(inner.pending());
              Coroutines.sleep(Duration.ofSeconds(60));
            } catch (Timeout t) {
              seen.add(t == outer ? "outer" : "inner");
            }
            Coroutines.sleep(Duration.ofSeconds(60));
          } catch (Timeout t) {
            seen.add("then outer: " + t.duration().toMillis() + " ms");
          }
          assertEquals(List.of("inner", "then outer: 40 ms"), seen);
          Coroutines.sleep(ms(1)); // a timeout is thrown once, not a cancellation
          return null;
        });
  }

  @Test
  void timeout_closedInTime_isNeverThrown() throws Exception {
    run(
        () -> {
          Timeout t = Timeout.start(ms(20));
          assertTrue(t.pending());
          Coroutines.sleep(ms(1));
          t.close();
          assertFalse(t.pending());
          Coroutines.sleep(ms(40));
          Timeout expired = Timeout.start(Duration.ZERO); // expired before any await point
          expired.cancel(); // withdrawn before it was thrown
          Coroutines.sleep(ms(1));
          return null;
        });
  }

  @Test
  void group_isSupervising_aFailureTouchesNoOtherMember() throws Exception {
    run(
        () -> {
          Group g = new Group();
          Coroutine<Integer> ok =
              g.spawn(
                  () -> {
                    Coroutines.sleep(ms(20));
                    return 1;
                  });
          Coroutine<Integer> bad =
              g.spawn(
                  () -> {
                    throw new IllegalStateException("member failed");
                  });
          g.join();
          assertEquals(1, ok.get(), "the other member went on");
          assertEquals(0, g.size());
          Group g2 = new Group();
          g2.spawn(
              () -> {
                throw new IllegalStateException("raised");
              });
          g2.spawn(() -> Coroutines.sleep(Duration.ofSeconds(60)));
          CoroutineFailedException e =
              assertThrows(CoroutineFailedException.class, () -> g2.join(null, true));
          assertEquals("raised", e.getCause().getMessage());
          assertTrue(g2.kill(true, Duration.ofSeconds(10)));
          return null;
        });
  }

  @Test
  void pool_runsAtMostItsSizeAtOnce() throws Exception {
    AtomicInteger inside = new AtomicInteger();
    AtomicInteger most = new AtomicInteger();
    run(
        () -> {
          Group pool = Group.bounded(3);
          assertEquals(3, pool.freeCount());
          for (int i = 0; i < 10; i++) {
            pool.spawn(
                () -> {
                  most.accumulateAndGet(inside.incrementAndGet(), Math::max);
                  Coroutines.sleep(ms(5));
                  inside.decrementAndGet();
                });
          }
          assertTrue(pool.size() <= 3);
          pool.join();
          assertEquals(3, pool.freeCount());
          assertFalse(pool.isFull());
          assertThrows(IllegalArgumentException.class, () -> Group.bounded(0));
          return null;
        });
    assertEquals(3, most.get());
  }
}
