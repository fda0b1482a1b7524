package dev.multitask.coro;

import static dev.multitask.coro.CoroTesting.ms;
import static dev.multitask.coro.CoroTesting.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.ref.WeakReference;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The event loop: its guarantee (one at a time, FIFO), running, closing and the bad inputs. */
class EventLoopTest {

  /** The tutorial's program, with the long task waiting on an event instead of a clock. */
  private static List<String> interleave() throws Exception {
    List<String> out = Collections.synchronizedList(new ArrayList<>());
    run(
        () -> {
          AsyncEvent later = new AsyncEvent();
          Coroutine<Void> longTask =
              Coroutines.spawn(
                  () -> {
                    out.add("long task started");
                    later.await();
                    out.add("long task finished");
                  });
          Coroutine<Void> job1 =
              Coroutines.spawn(
                  () -> {
                    out.add("job1 started...");
                    out.add("job1 paused");
                    Coroutines.spawn(
                            () -> {
                              out.add("hello world");
                            })
                        .join();
                    out.add("job1 resumed");
                    out.add("job1 finished");
                    later.set();
                  });
          longTask.join();
          job1.join();
          return null;
        });
    return out;
  }

  @Test
  void interleave_sameOrderEveryRun() throws Exception {
    List<String> expected =
        List.of(
            "long task started",
            "job1 started...",
            "job1 paused",
            "hello world",
            "job1 resumed",
            "job1 finished",
            "long task finished");
    for (int i = 0; i < 200; i++) {
      assertEquals(expected, interleave(), "run " + i);
    }
  }

  @Test
  void yield_readyCoroutinesTakeTurnsInFifoOrder() throws Exception {
    for (int round = 0; round < 20; round++) {
      List<String> out = Collections.synchronizedList(new ArrayList<>());
      run(
          () -> {
            List<Coroutine<Void>> all = new ArrayList<>();
            for (int c = 0; c < 5; c++) {
              int id = c;
              all.add(
                  Coroutines.spawn(
                      () -> {
                        for (int step = 0; step < 3; step++) {
                          out.add(id + ":" + step);
                          Coroutines.yield();
                        }
                      }));
            }
            Coroutines.gather(all);
            return null;
          });
      List<String> expected = new ArrayList<>();
      for (int step = 0; step < 3; step++) {
        for (int c = 0; c < 5; c++) {
          expected.add(c + ":" + step);
        }
      }
      assertEquals(expected, out);
    }
  }

  @Test
  void loop_runsOneCoroutineAtATime() throws Exception {
    AtomicInteger inside = new AtomicInteger();
    AtomicInteger most = new AtomicInteger();
    int[] plain = new int[1];
    run(
        () -> {
          List<Coroutine<Void>> all = new ArrayList<>();
          for (int c = 0; c < 20; c++) {
            all.add(
                Coroutines.spawn(
                    () -> {
                      for (int i = 0; i < 200; i++) {
                        most.accumulateAndGet(inside.incrementAndGet(), Math::max);
                        plain[0]++; // state touched only between awaits needs no lock
                        inside.decrementAndGet();
                        if (i % 10 == 0) {
                          Coroutines.yield();
                        }
                      }
                    }));
          }
          Coroutines.gather(all);
          return null;
        });
    assertEquals(1, most.get());
    assertEquals(20 * 200, plain[0]);
  }

  @Test
  void parallelMode_runsCoroutinesAtTheSameTime() throws Exception {
    AtomicBoolean a = new AtomicBoolean();
    AtomicBoolean b = new AtomicBoolean();
    // each spins (no await point) until it sees the other: only possible when both run at once
    boolean met =
        run(
            LoopOptions.defaults().parallel(true),
            () -> {
              Coroutine<Boolean> first = Coroutines.spawn(() -> spinUntil(a, b));
              Coroutine<Boolean> second = Coroutines.spawn(() -> spinUntil(b, a));
              return first.get() && second.get();
            });
    assertTrue(met);
  }

  private static boolean spinUntil(AtomicBoolean mine, AtomicBoolean theirs) {
    mine.set(true);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (!theirs.get()) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      Thread.onSpinWait();
    }
    return true;
  }

  @Test
  void run_returnsMainsValueAndWrapsItsFailure() {
    assertEquals(42, Coroutines.run(() -> 6 * 7));
    IllegalStateException boom = new IllegalStateException("boom");
    CoroutineFailedException e =
        assertThrows(
            CoroutineFailedException.class,
            () ->
                Coroutines.run(
                    () -> {
                      throw boom;
                    }));
    assertSame(boom, e.getCause());
    assertEquals("main", e.coroutine());
  }

  @Test
  void run_fromACoroutine_isRefusedNamingIt() throws Exception {
    IllegalStateException e =
        run(
            () -> {
              try {
                Coroutines.run(() -> 1);
                return null;
              } catch (IllegalStateException refused) {
                return refused;
              }
            });
    assertNotNull(e);
    assertTrue(e.getMessage().contains("coroutine 'main'"), e.getMessage());
  }

  @Test
  void awaitPoints_outsideALoop_throwNamingTheCall() {
    IllegalStateException sleep =
        assertThrows(IllegalStateException.class, () -> Coroutines.sleep(ms(1)));
    assertTrue(
        sleep.getMessage().startsWith("Coroutines.sleep must be called from a coroutine"),
        sleep.getMessage());
    IllegalStateException lock =
        assertThrows(IllegalStateException.class, () -> new AsyncLock().lock());
    assertTrue(
        lock.getMessage().startsWith("AsyncLock.lock must be called from a coroutine"),
        lock.getMessage());
    assertThrows(IllegalStateException.class, () -> Coroutines.spawn(() -> 1));
    assertThrows(IllegalStateException.class, Coroutines::yield);
    assertFalse(Coroutines.inCoroutine());
  }

  @Test
  void negativeTimeouts_areRefused() throws Exception {
    run(
        () -> {
          assertThrows(
              IllegalArgumentException.class, () -> Coroutines.sleep(Duration.ofMillis(-1)));
          assertThrows(
              IllegalArgumentException.class, () -> new AsyncLock().tryLock(Duration.ofMillis(-1)));
          assertThrows(
              IllegalArgumentException.class, () -> new AsyncQueue<>().poll(Duration.ofMillis(-1)));
          Coroutine<Integer> c = Coroutines.spawn(() -> 1);
          assertThrows(IllegalArgumentException.class, () -> c.get(Duration.ofMillis(-1)));
          assertThrows(
              IllegalArgumentException.class, () -> Coroutines.waitFor(c, Duration.ofMillis(-1)));
          return null;
        });
  }

  @Test
  void closedLoop_refusesSpawnsNamingIt() {
    EventLoop loop = EventLoop.create(LoopOptions.defaults().name("spent"));
    loop.close();
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> loop.spawn(() -> 1));
    assertTrue(e.getMessage().contains("'spent' is closed"), e.getMessage());
    assertTrue(loop.isClosed());
    loop.close(); // idempotent
  }

  @Test
  void close_cancelsWhatIsLeftAndWaitsForIt() throws Exception {
    AtomicBoolean cleanedUp = new AtomicBoolean();
    Coroutine<?>[] sleeper = new Coroutine<?>[1];
    Coroutines.run(
        () -> {
          sleeper[0] =
              Coroutines.spawn(
                  () -> {
                    try {
                      Coroutines.sleep(Duration.ofSeconds(30));
                    } finally {
                      cleanedUp.set(true);
                    }
                  });
          Coroutines.yield();
          return null;
        });
    assertTrue(sleeper[0].cancelled());
    assertTrue(cleanedUp.get());
  }

  @Test
  void close_reportsACoroutineThatNeverAwaitsAndDoesNotHang() throws Exception {
    AtomicBoolean stop = new AtomicBoolean();
    try (CoroTesting.LogCapture log = new CoroTesting.LogCapture()) {
      EventLoop loop =
          EventLoop.create(LoopOptions.defaults().shutdownGrace(ms(200)).name("stuck"));
      CountDownLatch spinning = new CountDownLatch(1);
      loop.spawn(
          "spinner",
          () -> {
            spinning.countDown();
            while (!stop.get()) {
              Thread.onSpinWait(); // never reaches an await point
            }
          });
      assertTrue(spinning.await(20, TimeUnit.SECONDS));
      long start = System.nanoTime();
      loop.close();
      assertTrue(
          System.nanoTime() - start < TimeUnit.SECONDS.toNanos(15),
          "close is bounded by the grace");
      String report = log.awaitWarning("'stuck' closes with 1 coroutine", Duration.ofSeconds(5));
      assertNotNull(report, log.warnings().toString());
      assertTrue(
          report.contains("spinner") && report.contains("close_reportsACoroutineThatNeverAwaits"),
          report);
    } finally {
      stop.set(true);
    }
  }

  @Test
  void debugMode_reportsACoroutineHoldingTheLoopWithItsStack() throws Exception {
    try (CoroTesting.LogCapture log = new CoroTesting.LogCapture()) {
      run(
          LoopOptions.defaults().debug(ms(50)).name("slow"),
          () -> {
            Coroutines.spawn(
                    "hog",
                    () -> {
                      Thread.sleep(400); // blocks without an await point: holds the loop
                    })
                .join();
            return null;
          });
      String report =
          log.awaitWarning("coroutine 'hog' has held event loop 'slow'", Duration.ofSeconds(5));
      assertNotNull(report, log.warnings().toString());
      assertTrue(report.contains("Thread.sleep"), report);
    }
  }

  @Test
  void unobservedFailure_isLoggedWhenTheLoopCloses() throws Exception {
    try (CoroTesting.LogCapture log = new CoroTesting.LogCapture()) {
      Coroutines.run(
          () -> {
            Coroutines.spawn(
                "forgotten",
                () -> {
                  throw new IllegalStateException("nobody looks");
                });
            Coroutines.sleep(ms(20));
            return null;
          });
      String report = log.awaitWarning("coroutine 'forgotten'", Duration.ofSeconds(5));
      assertNotNull(report, log.warnings().toString());
      assertTrue(report.contains("nobody looks"), report);
    }
  }

  @Test
  void unobservedFailures_ofALongRunningLoop_areReportedBeforeClose() throws Exception {
    try (CoroTesting.LogCapture log = new CoroTesting.LogCapture()) {
      run(
          () -> {
            List<Coroutine<Void>> all = new ArrayList<>();
            for (int i = 0; i <= 10_000; i++) {
              all.add(
                  Coroutines.spawn(
                      "f" + i,
                      () -> {
                        throw new IllegalStateException("unobserved");
                      }));
            }
            Coroutines.yield(); // they all run and fail; nobody looks
            assertTrue(all.getLast().done());
            // the loop keeps the last 10 000 for its close; the oldest is reported now
            assertTrue(log.warnings().stream().anyMatch(w -> w.contains("coroutine 'f0'")));
            all.forEach(Coroutine::exception); // observed now: nothing more to report at close
            return null;
          });
    }
  }

  @Test
  void spawnedCoroutine_isHeldStronglyUntilItEnds() throws Exception {
    run(
        () -> {
          // waits on a queue nobody else knows: only its loop keeps it (asyncio would lose it)
          WeakReference<Coroutine<String>> weak =
              new WeakReference<>(
                  Coroutines.spawn("orphan", () -> new AsyncQueue<String>().take()));
          Coroutines.yield();
          for (int i = 0; i < 3; i++) {
            System.gc();
            Coroutines.yield();
          }
          assertNotNull(weak.get(), "the loop holds a coroutine it runs");
          Coroutine<?> orphan =
              Coroutines.allTasks().stream()
                  .filter(c -> c.name().equals("orphan"))
                  .findFirst()
                  .orElseThrow();
          assertEquals(Coroutine.State.WAITING, orphan.state());
          orphan.cancel();
          orphan.join();
          return null;
        });
  }

  @Test
  void allTasks_listsStatesAndWhatEachWaitsOn() throws Exception {
    run(
        () -> {
          AsyncEvent never = new AsyncEvent();
          Coroutine<Void> sleeper =
              Coroutines.spawn("sleeper", () -> Coroutines.sleep(Duration.ofSeconds(30)));
          Coroutine<Void> waiter = Coroutines.spawn("waiter", () -> never.await());
          Coroutine<Void> pending = Coroutines.spawn("pending", () -> {});
          assertEquals(Coroutine.State.PENDING, pending.state());
          Coroutines.sleep(ms(20));
          List<Coroutine<?>> all = Coroutines.allTasks();
          assertTrue(
              all.contains(sleeper) && all.contains(waiter) && !all.contains(pending),
              all.toString());
          assertSame(Coroutines.current(), all.getFirst(), "oldest first: main");
          assertEquals(Coroutine.State.RUNNING, Coroutines.current().state());
          assertEquals(Coroutine.State.WAITING, sleeper.state());
          assertTrue(sleeper.waitingOn().startsWith("sleep"), sleeper.waitingOn());
          assertTrue(waiter.waitingOn().startsWith("AsyncEvent@"), waiter.waitingOn());
          ByteArrayOutputStream bytes = new ByteArrayOutputStream();
          sleeper.printStack(new PrintStream(bytes, true, StandardCharsets.UTF_8));
          String stack = bytes.toString(StandardCharsets.UTF_8);
          assertTrue(stack.startsWith("Stack for Coroutine[sleeper, WAITING on sleep"), stack);
          assertTrue(stack.contains("Coroutines.sleep"), stack);
          sleeper.cancel();
          waiter.cancel();
          return null;
        });
  }

  @Test
  void firstTurns_ofCoroutinesThatWait_runInSpawnOrderOneAtATime() throws Exception {
    // each turn ends in a wait, so the loop starts the runners of the next new coroutines ahead
    // of their turns: they must still begin in spawn order, one at a time, each once
    int n = 2000;
    List<Integer> began = new ArrayList<>();
    AtomicInteger inside = new AtomicInteger();
    AtomicInteger most = new AtomicInteger();
    run(
        () -> {
          List<Coroutine<Integer>> all = new ArrayList<>();
          for (int c = 0; c < n; c++) {
            int me = c;
            all.add(
                Coroutines.spawn(
                    () -> {
                      most.accumulateAndGet(inside.incrementAndGet(), Math::max);
                      began.add(me); // no lock: one coroutine at a time
                      inside.decrementAndGet();
                      Coroutines.sleep(Duration.ofMillis(1));
                      return me;
                    }));
          }
          assertEquals(IntStream.range(0, n).boxed().toList(), Coroutines.gather(all));
          return null;
        });
    assertEquals(IntStream.range(0, n).boxed().toList(), began);
    assertEquals(1, most.get());
  }

  @Test
  void state_runnerStartedAheadOfItsTurn_isPending() throws Exception {
    run(
        () -> {
          Coroutine<Void> next = Coroutines.spawn("next", () -> {});
          // a serial loop may start the runner of the next coroutine in line before its turn (as
          // if it had here: main holds the loop, so nothing else touches the field meanwhile)
          Thread runner = next.thread;
          next.thread = Thread.ofVirtual().unstarted(() -> {});
          try {
            assertEquals(Coroutine.State.PENDING, next.state(), "it has not had its turn");
          } finally {
            next.thread = runner;
          }
          next.join();
          assertEquals(Coroutine.State.DONE, next.state());
          return null;
        });
  }

  @Test
  void coroutine_namesAndResultsFollowAsyncio() throws Exception {
    run(
        () -> {
          Coroutine<Integer> c = Coroutines.spawn(() -> 5);
          assertTrue(c.name().matches("Task-\\d+"), c.name());
          IllegalStateException early = assertThrows(IllegalStateException.class, c::result);
          assertTrue(early.getMessage().contains("has not ended"), early.getMessage());
          assertEquals(5, c.get());
          assertEquals(5, c.result());
          assertTrue(c.done() && c.ready() && c.successful() && !c.cancelled());
          assertEquals(Coroutine.State.DONE, c.state());
          assertEquals(5, c.future().join());
          IllegalStateException self =
              assertThrows(IllegalStateException.class, () -> Coroutines.current().join());
          assertTrue(self.getMessage().contains("its own end"), self.getMessage());
          return null;
        });
  }

  @Test
  void eventLoop_spawnFromAnotherThreadRunsOnTheLoop() throws Exception {
    try (EventLoop loop = EventLoop.create()) {
      Coroutine<String> c =
          loop.spawn(
              "outside",
              () -> {
                Coroutines.sleep(ms(10));
                return Coroutines.current().name() + " on " + Coroutines.loop().name();
              });
      assertEquals("outside on " + loop.name(), c.future().get(20, TimeUnit.SECONDS));
      assertEquals(7, loop.run(() -> 7));
    }
  }

  @Test
  void interruptOfTheRunningThread_cancelsMain() throws Exception {
    Thread caller = Thread.currentThread();
    Thread interrupter =
        Thread.ofPlatform()
            .start(
                () -> {
                  try {
                    Thread.sleep(100);
                  } catch (InterruptedException e) {
                    return;
                  }
                  caller.interrupt();
                });
    assertThrows(
        CancelledException.class,
        () ->
            Coroutines.run(
                () -> {
                  Coroutines.sleep(Duration.ofSeconds(30));
                  return null;
                }));
    assertTrue(Thread.interrupted(), "the interrupt is kept");
    interrupter.join();
  }

  @Test
  void await_completableFutureOfAJob() throws Exception {
    try (dev.multitask.Context ctx = dev.multitask.Multitask.coroutines()) {
      dev.multitask.Job<Integer> job =
          ctx.start(
              () -> {
                Thread.sleep(50);
                return 9;
              });
      int got = run(() -> Coroutines.await(job.future()));
      assertEquals(9, got);
    }
    java.util.concurrent.CompletableFuture<String> never =
        new java.util.concurrent.CompletableFuture<>();
    assertThrows(CoroutineTimeoutException.class, () -> run(() -> Coroutines.await(never, ms(30))));
    java.util.concurrent.CompletableFuture<String> failed =
        java.util.concurrent.CompletableFuture.failedFuture(new IllegalArgumentException("x"));
    java.util.concurrent.CompletionException e =
        assertThrows(
            java.util.concurrent.CompletionException.class,
            () -> run(() -> Coroutines.await(failed)));
    assertInstanceOf(IllegalArgumentException.class, e.getCause());
  }

  @Test
  void toThread_runsBlockingCodeWithoutHoldingTheLoop() throws Exception {
    List<String> out = Collections.synchronizedList(new ArrayList<>());
    run(
        () -> {
          Coroutine<Void> ticker =
              Coroutines.spawn(
                  () -> {
                    for (int i = 0; i < 3; i++) {
                      out.add("tick");
                      Coroutines.sleep(ms(10));
                    }
                  });
          String r =
              Coroutines.toThread(
                  () -> {
                    Thread.sleep(200); // blocking, off the loop: the ticker runs meanwhile
                    return "blocked";
                  });
          out.add(r);
          ticker.join();
          return null;
        });
    assertEquals(List.of("tick", "tick", "tick", "blocked"), out);
  }
}
