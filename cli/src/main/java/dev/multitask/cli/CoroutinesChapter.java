package dev.multitask.cli;

import dev.multitask.coro.AsyncEvent;
import dev.multitask.coro.CancelledException;
import dev.multitask.coro.Coroutine;
import dev.multitask.coro.CoroutineFailedException;
import dev.multitask.coro.CoroutineTimeoutException;
import dev.multitask.coro.Coroutines;
import dev.multitask.coro.LoopOptions;
import dev.multitask.coro.TaskGroup;
import java.io.PrintWriter;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Chapter 6: coroutines, asyncio and gevent on virtual threads. The event loop's guarantee (one
 * coroutine at a time, switches only at await points) against parallel mode; 100 000 sleeping
 * coroutines against platform threads (the cost of each, measured); gather and TaskGroup when a
 * child fails; and cancellation that is not lost.
 */
final class CoroutinesChapter implements Chapter {
  private static final int COUNTERS = 1_000;
  private static final int INCREMENTS = 1_000;
  private static final int CPU_TASKS = 4;
  private static final int SLEEPERS = 100_000;
  private static final int MAX_PLATFORM_THREADS = 10_000;

  @Override
  public String name() {
    return "coroutines";
  }

  @Override
  public String title() {
    return "coroutines: asyncio and gevent on virtual threads";
  }

  @Override
  public void run(PrintWriter out) throws Exception {
    out.println(
        "Coroutines.run(main) starts an event loop, as asyncio.run does. Its coroutines take");
    out.println(
        "turns: one runs at a time and gives the loop away only at an await point (sleep, a");
    out.println(
        "queue, a lock, join...), to the coroutines in the order they became ready. Each is a");
    out.println(
        "virtual thread, so a blocked one costs no OS thread. In parallel mode the same code");
    out.println("runs its coroutines on every core at once.");
    out.println();
    out.flush();
    loopVersusParallel(out);
    SleeperCost.compare(out, SLEEPERS, MAX_PLATFORM_THREADS);
    gatherVersusTaskGroup(out);
    cancellation(out);
  }

  // ---------------------------------------------------------------- event loop vs parallel mode

  /** Shared by the counting coroutines: no lock, no atomic. */
  private static int counter;

  private static void loopVersusParallel(PrintWriter out) {
    out.println(
        COUNTERS
            + " coroutines add 1 to a plain int "
            + INCREMENTS
            + " times each, without a lock;");
    out.println(
        "then "
            + CPU_TASKS
            + " coroutines compute 3**200000; once on the event loop, once in parallel mode.");
    out.println("Event loop against parallel mode:");
    out.flush();
    Table table = new Table("mode", "total", "lost", "computing").alignRight(1, 2, 3);
    long expected = (long) COUNTERS * INCREMENTS;
    long lostInParallel = 0;
    for (boolean parallel : new boolean[] {false, true}) {
      LoopOptions options = LoopOptions.defaults().parallel(parallel);
      counter = 0;
      Coroutines.run(
          options,
          () -> {
            List<Coroutine<Void>> all = new ArrayList<>();
            for (int c = 0; c < COUNTERS; c++) {
              all.add(Coroutines.spawn(CoroutinesChapter::count));
            }
            return Coroutines.gather(all);
          });
      long total = counter;
      long start = System.nanoTime();
      Coroutines.run(
          options,
          () -> {
            List<Coroutine<Integer>> all = new ArrayList<>();
            for (int c = 0; c < CPU_TASKS; c++) {
              all.add(Coroutines.spawn(() -> BigInteger.valueOf(3).pow(200_000).bitLength()));
            }
            return Coroutines.gather(all);
          });
      double seconds = (System.nanoTime() - start) / 1e9;
      if (parallel) {
        lostInParallel = expected - total;
      }
      table.row(
          parallel ? "parallel mode" : "event loop",
          Long.toString(total),
          Long.toString(expected - total),
          seconds(seconds));
    }
    table.print(out);
    out.println(
        "On the event loop nothing runs between an await point and the next, so the plain int");
    out.println(
        "is exact without a lock, as in asyncio; the CPU work runs one coroutine at a time.");
    out.println(
        lostInParallel > 0
            ? "In parallel mode "
                + lostInParallel
                + " updates were lost: coroutines ran at the same time,"
            : "In parallel mode no update was lost this time; nothing prevents it: coroutines run"
                + " at once,");
    out.println(
        "so shared state needs a lock, as between threads; in exchange CPU work uses every core.");
    out.println();
  }

  private static void count() {
    for (int i = 0; i < INCREMENTS; i++) {
      counter++;
      if (i % 100 == 99) {
        Coroutines.yield(); // an await point now and then: the others run
      }
    }
  }

  // ---------------------------------------------------------------- gather and TaskGroup

  private static void gatherVersusTaskGroup(PrintWriter out) throws Exception {
    out.println(
        "A child fails: three children, A and B fail together after 0.1 s, C would sleep 2 s");
    out.flush();
    Table table = new Table("way", "throws", "after", "failures told", "B", "C").alignRight(2, 3);
    table.row(gatherRun("gather(cs, false): asyncio's", false));
    table.row(gatherRun("gather(cs)", true));
    table.row(taskGroupRun());
    table.print(out);
    out.println(
        "asyncio's gather throws at the first failure and leaves the others running: C goes on");
    out.println(
        "with nobody waiting for it. multitask's gather and TaskGroup cancel the rest, wait for");
    out.println(
        "them to end, and report every failure: the first as the cause, the others suppressed.");
    out.println();
  }

  private static String[] gatherRun(String label, boolean cancelOnFailure) {
    return Coroutines.run(
        () -> {
          List<Coroutine<String>> children = threeChildren();
          long start = System.nanoTime();
          String thrown;
          int told = 0;
          try {
            Coroutines.gather(children, cancelOnFailure);
            thrown = "nothing";
          } catch (CoroutineFailedException e) {
            thrown = "A's failure";
            told = 1 + e.getSuppressed().length;
          }
          double after = (System.nanoTime() - start) / 1e9;
          String[] row = {
            label,
            thrown,
            seconds(after),
            Integer.toString(told),
            fate(children.get(1)),
            fate(children.get(2))
          };
          for (Coroutine<String> c : children) {
            c.cancel(); // the tour does not leave them running
          }
          return row;
        });
  }

  private static String[] taskGroupRun() {
    return Coroutines.run(
        () -> {
          List<Coroutine<String>> children = new ArrayList<>();
          long start = System.nanoTime();
          String thrown;
          int told = 0;
          try {
            AsyncEvent due = clock(100);
            TaskGroup.run(
                g -> {
                  children.add(g.spawn("A", () -> failWhen(due, "A")));
                  children.add(g.spawn("B", () -> failWhen(due, "B")));
                  children.add(g.spawn("C", () -> sleepThen(2000)));
                  return null;
                });
            thrown = "nothing";
          } catch (CoroutineFailedException e) {
            thrown = "A's failure";
            told = 1 + e.getSuppressed().length;
          }
          double after = (System.nanoTime() - start) / 1e9;
          return new String[] {
            "TaskGroup.run",
            thrown,
            seconds(after),
            Integer.toString(told),
            fate(children.get(1)),
            fate(children.get(2))
          };
        });
  }

  private static List<Coroutine<String>> threeChildren() {
    AsyncEvent due = clock(100);
    return List.of(
        Coroutines.spawn("A", () -> failWhen(due, "A")),
        Coroutines.spawn("B", () -> failWhen(due, "B")),
        Coroutines.spawn("C", () -> sleepThen(2000)));
  }

  /** An event set after {@code millis}: A and B wake on it together, in that order. */
  private static AsyncEvent clock(long millis) {
    AsyncEvent due = new AsyncEvent();
    Coroutines.spawn(
        () -> {
          Coroutines.sleep(Duration.ofMillis(millis));
          due.set();
        });
    return due;
  }

  private static String failWhen(AsyncEvent due, String name) {
    due.await();
    throw new IllegalStateException(name + " failed");
  }

  private static String sleepThen(long millis) {
    Coroutines.sleep(Duration.ofMillis(millis));
    return "slept";
  }

  private static String fate(Coroutine<?> c) {
    if (!c.done()) {
      return "still running";
    }
    return c.cancelled() ? "cancelled" : c.exception() != null ? "failed" : "done";
  }

  // ---------------------------------------------------------------- cancellation

  private static void cancellation(PrintWriter out) throws Exception {
    out.println("Cancellation is not lost");
    out.flush();
    List<String> lines = new ArrayList<>();
    Coroutines.run(
        () -> {
          List<String> told = new ArrayList<>();
          Coroutine<Void> stubborn =
              Coroutines.spawn(
                  "stubborn",
                  () -> {
                    try {
                      Coroutines.sleep(Duration.ofSeconds(10));
                    } catch (CancelledException dropped) {
                      told.add("caught it"); // and asyncio would now let it sleep on
                    }
                    try {
                      Coroutines.sleep(Duration.ofSeconds(10));
                    } catch (CancelledException again) {
                      told.add("told again at the next sleep");
                      throw again;
                    }
                  });
          Coroutines.sleep(Duration.ofMillis(20));
          stubborn.cancel();
          stubborn.join();
          lines.add(
              "  a coroutine that drops its CancelledException and sleeps again: "
                  + String.join(", ", told)
                  + "; it ended "
                  + (stubborn.cancelled() ? "cancelled" : "otherwise"));

          long start = System.nanoTime();
          String nested;
          try {
            nested =
                Coroutines.timeout(
                    Duration.ofMillis(200),
                    () -> {
                      try {
                        Coroutines.timeout(
                            Duration.ofMillis(50),
                            () -> {
                              Coroutines.sleep(Duration.ofSeconds(10));
                              return null;
                            });
                      } catch (CoroutineTimeoutException inner) {
                        lines.add(
                            String.format(
                                Locale.ROOT,
                                "  timeout(0.05 s) inside timeout(0.2 s): the inner one expired at"
                                    + " %.2f s",
                                (System.nanoTime() - start) / 1e9));
                      }
                      Coroutines.sleep(Duration.ofSeconds(10));
                      return "not expired";
                    });
          } catch (CoroutineTimeoutException outer) {
            nested =
                String.format(Locale.ROOT, "expired at %.2f s", (System.nanoTime() - start) / 1e9);
          }
          lines.add("  and the outer one, which the inner did not swallow: " + nested);

          AsyncEvent go = new AsyncEvent();
          Coroutine<Integer> inner =
              Coroutines.spawn(
                  () -> {
                    go.await();
                    return 42;
                  });
          List<String> got = new ArrayList<>();
          Coroutine<Void> caller =
              Coroutines.spawn(
                  () -> {
                    got.add(
                        "waitFor returned " + Coroutines.waitFor(inner, Duration.ofSeconds(10)));
                    Coroutines.yield();
                    got.add("the next await did not throw");
                  });
          Coroutines.sleep(Duration.ofMillis(5));
          go.set(); // the inner coroutine ends...
          caller.cancel(); // ...at the moment its caller is cancelled
          caller.join();
          lines.add(
              "  waitFor cancelled as its coroutine ends (cpython #86296): "
                  + String.join(", ", got)
                  + "; then the caller ended "
                  + (caller.cancelled() ? "cancelled" : "otherwise"));
          return null;
        });
    lines.forEach(out::println);
    out.println(
        "The result and the cancellation both arrive; a swallowed cancellation is thrown again");
    out.println("at the next await point. Coroutine.uncancel() is the way to really keep going.");
  }

  static String seconds(double s) {
    return String.format(Locale.ROOT, "%.2f s", s);
  }
}
