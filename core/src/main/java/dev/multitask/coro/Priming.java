package dev.multitask.coro;

import dev.multitask.spi.Uninterruptibly;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Takes a few hundred hidden coroutines through a whole life (first turn, a timed wait, wake-up,
 * end, gather) when a loop first holds 1 000, 10 000 and 100 000 live coroutines (once each per JVM
 * and mode), so that the JIT has seen a wake-up before it compiles the code a crowd of parked
 * coroutines resumes in.
 *
 * <p>Why. A parked coroutine is a virtual thread whose frames are frozen in the code they were
 * compiled to. When a program spawns a crowd that all park before the first wakes (a million
 * sleepers), C2 compiles the hot frames meanwhile from a profile in which every branch after a park
 * went the "first turn" way (the next fiber is new, the runner has not ended yet, the JDK's {@code
 * VirtualThread.run} has never returned). It turns the other way into a trap. Then every one of the
 * crowd resumes into that trap and is deoptimized, ~10 µs each, one after another: the wake-ups of
 * a million sleepers took 9 s in a fresh JVM against 1.5 s once a wake-up had been seen (serial
 * mode; parallel mode 14 s against 2 s). Plain virtual threads sleeping in {@code Thread.sleep} pay
 * the same in the JDK's own frames. Code layout alone cannot rule it out, as a profile belongs to a
 * method and is shared by every caller that inlines it; a priming run makes the profile two-sided
 * before the crowd grows.
 *
 * <p>Why three times. A priming run teaches the JIT only if the methods are being profiled while it
 * runs; early in a JVM's life they may run in code that does not profile (C1's tier 2, chosen while
 * C2's queue is long), and then C2 still compiles one-sided code later. The next priming run then
 * resumes into that code's traps, which sends the methods back to profiling: at worst the
 * coroutines parked since the previous run are deoptimized (measured once in a loaded test run: 34
 * thousand of a crowd of 200 thousand, with one run at a thousand). The first run costs 20-30 ms in
 * a fresh JVM, each later one 5-20 ms (measured); only programs that crowd a loop pay it.
 *
 * <p>The priming loop is a loop of its own, on a thread of its own, left out of traces; the caller
 * (the coroutine or thread whose spawn made the crowd) waits for it. {@code
 * -Dmultitask.coro.priming=false} turns it off (to measure what it saves).
 */
final class Priming {
  /** The live coroutines of one loop at which a priming run is due (once each per JVM and mode). */
  private static final int[] CROWDS = {1_000, 10_000, 100_000};

  /**
   * How many coroutines a priming run takes through a life; fewer than the first crowd. Fewer (256
   * measured) leave the profile one-sided: the JIT starts profiling a method after some 200 calls.
   */
  static final int COROUTINES = 512;

  private static final Duration NAP = Duration.ofMillis(1);
  private static final boolean ON =
      !"false".equalsIgnoreCase(System.getProperty("multitask.coro.priming"));

  /** Per mode, a bit per crowd whose run has started. */
  private static final AtomicInteger SERIAL_RUNS = new AtomicInteger();

  private static final AtomicInteger PARALLEL_RUNS = new AtomicInteger();

  private Priming() {}

  /** Whether {@code live} coroutines in one loop make one of the crowds: cheap, on every spawn. */
  static boolean isCrowd(int live) {
    return live == CROWDS[0] || live == CROWDS[1] || live == CROWDS[2];
  }

  /**
   * Runs the priming for a loop of this mode that has just become a crowd of {@code live}, unless
   * that crowd's run has run (or is running) in this JVM, and waits for it.
   */
  static void once(boolean parallel, int live) {
    int bit = 1 << Arrays.binarySearch(CROWDS, live);
    AtomicInteger runs = parallel ? PARALLEL_RUNS : SERIAL_RUNS;
    if (!ON || (runs.getAndUpdate(r -> r | bit) & bit) != 0) {
      return;
    }
    Thread t;
    try {
      t =
          Thread.ofPlatform()
              .daemon()
              .name("multitask-coro-priming")
              .start(() -> runLoggingFailure(parallel));
    } catch (OutOfMemoryError noThread) {
      // the OS refused a thread: the spawn that called this has happened and must not fail for
      // an optimization; only the crowd's wake-ups may be slow
      return;
    }
    Uninterruptibly.run(t::join); // it ends within milliseconds: an interrupt waits for it
  }

  /** How many priming runs have started for loops of this mode: for tests. */
  static int runs(boolean parallel) {
    return Integer.bitCount((parallel ? PARALLEL_RUNS : SERIAL_RUNS).get());
  }

  private static void runLoggingFailure(boolean parallel) {
    try {
      run(parallel);
    } catch (RuntimeException e) {
      // only speed is lost: the crowd's wake-ups may be slow
      System.getLogger("dev.multitask.coro").log(Level.WARNING, "priming run failed", e);
    }
  }

  private static void run(boolean parallel) {
    LoopOptions options =
        LoopOptions.defaults().noDebug().parallel(parallel).name("multitask-priming");
    try (EventLoop loop = EventLoop.createUntraced(options)) {
      loop.run(
          () -> {
            List<Coroutine<Void>> all = new ArrayList<>(COROUTINES);
            for (int i = 0; i < COROUTINES; i++) {
              all.add(Coroutines.spawn(() -> Coroutines.sleep(NAP)));
            }
            return Coroutines.gather(all);
          });
    }
  }
}
