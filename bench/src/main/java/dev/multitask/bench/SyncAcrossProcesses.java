package dev.multitask.bench;

import dev.multitask.Context;
import dev.multitask.Multitask;
import dev.multitask.ProcessOptions;
import dev.multitask.shared.SharedLong;
import dev.multitask.sync.Barrier;
import dev.multitask.sync.Event;
import dev.multitask.sync.Lock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The synchronization issue's measurements between processes, side by side with {@code
 * bench/python/sync_primitives.py}; outside JMH because every case needs child JVMs that meet each
 * other, not the benchmark thread. The uncontended lock is measured by JMH: {@link SyncBenchmark}.
 *
 * <ul>
 *   <li>{@code multitask.sync.counter_locked}: a {@link SharedLong} {@code c}; 2 children each do
 *       {@code n} times {@code try (var _ = c.lock().hold()) { c.set(c.get() + 1); }}. Score:
 *       increments per second, both children together. Compare with {@code
 *       python.sync.counter_get_lock} ({@code with v.get_lock(): v.value += 1}).
 *   <li>{@code multitask.sync.counter_atomic}: the same with {@code c.addAndGet(1)} and no lock.
 *       Python has no atomic add: compare with {@code python.sync.counter_get_lock} too.
 *   <li>{@code multitask.sync.event_pingpong}: two {@link Event}s; this process does {@code
 *       ping.set(); pong.await(); pong.clear()}, a child {@code ping.await(); ping.clear();
 *       pong.set()}. Score: median and 90th percentile of the round trips, each timed with {@code
 *       nanoTime}. Compare with {@code python.sync.event_pingpong}.
 *   <li>{@code multitask.sync.barrier4}: a {@code Barrier} of 4; 4 children each call {@code
 *       await()} {@code n} times. Score: the run's time divided by {@code n}, per round. Compare
 *       with {@code python.sync.barrier4}.
 * </ul>
 *
 * <p>Children are started from warm standby workers once per case and serve all of its runs (see
 * {@link Crew}); the standby refill ends before the first run. Warm-up runs, their iterations
 * growing fourfold until one lasts {@code seconds / 20}, then one more, warm up the JIT in every
 * JVM and pick {@code n} so that a run takes about {@code seconds / 5}; measured runs then repeat
 * until {@code seconds} are used (at least 3). Figures are medians over the measured runs. After
 * every counter run the counter must equal {@code 2n}.
 *
 * <p>Prints one JSON line per case, as the CPython scripts do.
 *
 * <p>Usage: {@code java --enable-native-access=ALL-UNNAMED -cp benchmarks.jar
 * dev.multitask.bench.SyncAcrossProcesses [seconds per case]}
 */
public final class SyncAcrossProcesses {
  /** Standby workers: enough for the largest crew, so that no member waits for a JVM to start. */
  private static final int STANDBY = 4;

  private static final Duration PATIENCE = Duration.ofSeconds(120);

  private SyncAcrossProcesses() {}

  /**
   * Runs every case and prints its JSON line.
   *
   * @param args optionally, the seconds of measured runs per case (default 5)
   * @throws Exception if a child cannot be started or fails, or a count is wrong
   */
  public static void main(String[] args) throws Exception {
    double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 5;
    try (Context ctx = Multitask.processes(ProcessOptions.defaults().standby(STANDBY))) {
      awaitStandby(ctx);
      System.out.println(counter(ctx, "multitask.sync.counter_locked", seconds, true));
      System.out.println(counter(ctx, "multitask.sync.counter_atomic", seconds, false));
      System.out.println(eventPingPong(ctx, seconds));
      System.out.println(barrier(ctx, seconds));
    }
  }

  private static String counter(Context ctx, String name, double seconds, boolean locked)
      throws Exception {
    SharedLong c = ctx.sharedLong(0);
    try (Crew crew = startCrew(ctx, 2, locked ? lockedIncrements(c) : atomicIncrements(c))) {
      Figures f =
          repeat(
              (n, measured) -> {
                long nanos = crew.run(n);
                long counted = c.get();
                if (counted != 2 * n) {
                  throw new IllegalStateException(
                      name + ": counted " + counted + ", expected " + 2 * n);
                }
                c.set(0);
                return nanos;
              },
              100_000,
              seconds);
      return String.format(
          Locale.ROOT,
          "{\"name\": \"%s\", \"median_ops_per_s\": %.1f, \"runs\": %d, \"n\": %d, \"processes\": 2}",
          name,
          2e9 / f.nanosPerIteration(),
          f.runs(),
          f.n());
    }
  }

  private static String eventPingPong(Context ctx, double seconds) throws Exception {
    Event ping = ctx.event();
    Event pong = ctx.event();
    List<long[]> kept = new ArrayList<>();
    try (Crew crew = startCrew(ctx, 1, echoes(ping, pong))) {
      Figures f =
          repeat(
              (n, measured) -> {
                long t0 = crew.start(n);
                long[] samples = roundTrips(ping, pong, Math.toIntExact(n));
                crew.awaitDone();
                if (measured) {
                  kept.add(samples);
                }
                return System.nanoTime() - t0;
              },
              20_000,
              seconds);
      long[] all = kept.stream().flatMapToLong(Arrays::stream).sorted().toArray();
      return String.format(
          Locale.ROOT,
          "{\"name\": \"multitask.sync.event_pingpong\", \"median_us\": %.3f, \"p90_us\": %.3f,"
              + " \"runs\": %d, \"n\": %d}",
          median(all) / 1e3,
          all[(int) (all.length * 0.9) - 1] / 1e3,
          f.runs(),
          all.length);
    }
  }

  private static String barrier(Context ctx, double seconds) throws Exception {
    Barrier barrier = ctx.barrier(4);
    try (Crew crew = startCrew(ctx, 4, rounds(barrier))) {
      Figures f = repeat((n, measured) -> crew.run(n), 2_000, seconds);
      return String.format(
          Locale.ROOT,
          "{\"name\": \"multitask.sync.barrier4\", \"median_us\": %.3f, \"runs\": %d, \"n\": %d, \"processes\": 4}",
          f.nanosPerIteration() / 1e3,
          f.runs(),
          f.n());
    }
  }

  /** This process's side of the ping-pong: {@code n} round trips, each timed. */
  private static long[] roundTrips(Event ping, Event pong, int n) throws InterruptedException {
    long[] samples = new long[n];
    // the waits are untimed, as Python's: a watchdog interrupts them if the child stops answering
    Thread runner = Thread.currentThread();
    Thread watchdog =
        Thread.ofPlatform()
            .daemon()
            .name("sync-bench-watchdog")
            .start(
                () -> {
                  try {
                    Thread.sleep(PATIENCE);
                    runner.interrupt();
                  } catch (InterruptedException runEnded) {
                    // the normal case
                  }
                });
    try {
      for (int i = 0; i < n; i++) {
        long t0 = System.nanoTime();
        ping.set();
        pong.await();
        pong.clear();
        samples[i] = System.nanoTime() - t0;
      }
    } finally {
      watchdog.interrupt();
    }
    return samples;
  }

  // The members' work is built in static methods, so that each lambda captures the primitives
  // alone.

  private static Crew.Work lockedIncrements(SharedLong c) {
    return n -> {
      Lock lock = c.lock();
      for (long i = 0; i < n; i++) {
        try (var _ = lock.hold()) {
          c.set(c.get() + 1);
        }
      }
    };
  }

  private static Crew.Work atomicIncrements(SharedLong c) {
    return n -> {
      for (long i = 0; i < n; i++) {
        c.addAndGet(1);
      }
    };
  }

  private static Crew.Work echoes(Event ping, Event pong) {
    return n -> {
      for (long i = 0; i < n; i++) {
        ping.await();
        ping.clear();
        pong.set();
      }
    };
  }

  private static Crew.Work rounds(Barrier barrier) {
    return n -> {
      for (long i = 0; i < n; i++) {
        barrier.await();
      }
    };
  }

  /**
   * Starts a crew from standby workers, then waits for the refill: no JVM starts during the runs.
   */
  static Crew startCrew(Context ctx, int size, Crew.Work work) throws InterruptedException {
    awaitStandby(ctx);
    Crew crew = Crew.start(ctx, size, work);
    awaitStandby(ctx);
    return crew;
  }

  static void awaitStandby(Context ctx) throws InterruptedException {
    if (!ctx.awaitWarm(PATIENCE)) {
      throw new IllegalStateException(
          STANDBY + " standby workers did not become ready within " + PATIENCE);
    }
  }

  /** One run: {@code n} iterations in every member; returns the run's nanoseconds. */
  @FunctionalInterface
  interface Run {
    /**
     * Runs {@code n} iterations; {@code measured} is false for the warm-up runs, whose figures are
     * dropped.
     */
    long nanos(long n, boolean measured) throws Exception;
  }

  /**
   * The median nanoseconds per iteration over the measured runs, their number, and the iterations
   * per run.
   */
  record Figures(double nanosPerIteration, int runs, long n) {}

  /**
   * Warms up with {@code probe} iterations, growing them fourfold until a run lasts {@code seconds
   * / 20}; picks {@code n} so that a run lasts about {@code seconds / 5}, runs it once more as a
   * last warm-up and picks {@code n} again from that run (the first runs are the coldest); then
   * runs until {@code seconds} are used, at least 3 times.
   */
  static Figures repeat(Run run, long probe, double seconds) throws Exception {
    long budget = (long) (seconds * 1e9);
    long n = probe;
    long nanos = run.nanos(n, false);
    while (nanos < budget / 20) {
      n *= 4;
      nanos = run.nanos(n, false);
    }
    n = scale(n, nanos, budget / 5, probe);
    n = scale(n, run.nanos(n, false), budget / 5, probe);
    List<Double> perIteration = new ArrayList<>();
    long deadline = System.nanoTime() + budget;
    while (System.nanoTime() < deadline || perIteration.size() < 3) {
      perIteration.add((double) run.nanos(n, true) / n);
    }
    return new Figures(
        median(perIteration.stream().mapToDouble(Double::doubleValue).sorted().toArray()),
        perIteration.size(),
        n);
  }

  /**
   * How many iterations last about {@code target} ns if {@code n} lasted {@code nanos}; at least
   * {@code floor}.
   */
  private static long scale(long n, long nanos, long target, long floor) {
    return Math.max(floor, (long) ((double) n * target / Math.max(1, nanos)));
  }

  private static double median(double[] sorted) {
    int mid = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  }

  static double median(long[] sorted) {
    int mid = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2.0;
  }
}
