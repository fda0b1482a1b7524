package dev.multitask.bench;

import dev.multitask.coro.Coroutine;
import dev.multitask.coro.Coroutines;
import dev.multitask.coro.LoopOptions;
import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The coroutines issue's memory-and-time case: {@code n} coroutines (default 1 000 000) each sleep
 * 1 s on one event loop, all joined by {@code gather}. Outside JMH: peak RSS is a property of a
 * whole process, so each case is a fresh JVM, with the JVM's default flags (they are part of what
 * is measured). Compare with {@code python.coro.sleepers} from {@code bench/python/coroutines.py}
 * (asyncio: {@code create_task} + {@code gather}, a fresh interpreter) and with {@link
 * VirtualThreadSleepers}, the floor under a coroutine that is a virtual thread.
 *
 * <p>Three cases, one per run, each printing one JSON line named {@code
 * multitask.coro.sleepers.<case>} ({@code multitask.coro.sleepers_parallel.<case>} in parallel
 * mode):
 *
 * <ul>
 *   <li>{@code as_run} (the default): <em>as a user runs it</em>. The program a user writes, in a
 *       fresh JVM, no warm-up: the wall time from the first spawn to gather's return ({@code
 *       median_ms}, one sample) and the process's peak RSS ({@code peak_rss_mib}, {@code VmHWM}).
 *   <li>{@code --steady}: <em>steady state</em>. The same round run once as a warm-up in the same
 *       JVM (the code is compiled, the heap has grown to what the round needs), then timed; same
 *       fields.
 *   <li>{@code --heap}: the cost of a coroutine, never timed. After a warm-up round of {@code n /
 *       10}: {@code allocated_bytes_per_coroutine}, the bytes allocated by a whole round (spawn,
 *       sleep, wake-up, end, gather) divided by n; and {@code heap_bytes_per_coroutine}, the used
 *       heap after a full collection while all n sleep, minus before, divided by n (what a parked
 *       coroutine keeps alive).
 *   <li>{@code --split}: where the time goes, not a figure for the report. After the same warm-up
 *       as {@code --steady}, a round whose sleepers note the time they start and wake: {@code
 *       spawn_ms} (main's spawn loop), {@code start_all_ms} (gather's call to the last sleeper's
 *       start: each one's first turn, up to its park), {@code wake_all_ms} (the first wake-up to
 *       the last: the resumptions, one at a time), {@code tail_ms} (to gather's return), the
 *       process's CPU time per coroutine and the collectors' time over the round.
 * </ul>
 *
 * <p>The timed cases never call {@link System#gc()}: a full collection of a heap of a million
 * parked coroutines takes seconds and is not the program's cost.
 *
 * <p>Usage: {@code java -cp benchmarks.jar dev.multitask.bench.CoroutineSleepers [n] [--steady |
 * --heap | --split] [--parallel]}
 */
public final class CoroutineSleepers {
  private static final Duration NAP = Duration.ofSeconds(1);

  /** How long the sleepers of the heap probe sleep: they are cancelled once it has measured. */
  private static final Duration PROBE_NAP = Duration.ofMinutes(10);

  private CoroutineSleepers() {}

  /**
   * Runs the case and prints its JSON line.
   *
   * @param args optionally the number of coroutines, {@code --steady} or {@code --heap}, and {@code
   *     --parallel}
   * @throws IOException if /proc cannot be read
   */
  public static void main(String[] args) throws IOException {
    Options o = Options.parse(args);
    LoopOptions options = LoopOptions.defaults().parallel(o.parallel);
    String name = "multitask.coro.sleepers" + (o.parallel ? "_parallel" : "") + "." + o.mode;
    if (o.mode.equals(Options.HEAP)) {
      round(options, Math.max(1, o.n / 10), Duration.ofMillis(50));
      long allocated = allocatedBytes();
      round(options, o.n, NAP);
      allocated = allocatedBytes() - allocated;
      long parked = parkedHeap(options, o.n);
      System.out.println(heapLine(name, o.n, allocated, parked));
      return;
    }
    if (o.mode.equals(Options.SPLIT)) {
      round(options, o.n, NAP);
      System.out.println(split(options, o.n, name));
      return;
    }
    if (o.mode.equals(Options.STEADY)) {
      round(options, o.n, NAP);
    }
    long start = System.nanoTime();
    round(options, o.n, NAP);
    long wall = System.nanoTime() - start;
    System.out.println(timedLine(name, o.n, wall));
  }

  /** {@code n} coroutines, each sleeping {@code nap}, all joined by gather: the user's program. */
  private static void round(LoopOptions options, int n, Duration nap) {
    Coroutines.run(
        options,
        () -> {
          List<Coroutine<Void>> all = new ArrayList<>(n);
          for (int i = 0; i < n; i++) {
            all.add(Coroutines.spawn(() -> Coroutines.sleep(nap)));
          }
          return Coroutines.gather(all);
        });
  }

  /**
   * The heap {@code n} parked sleepers keep alive: main spawns them, sleeps until all have started
   * (each is then parked in its sleep, or about to be), measures while it holds the loop (so none
   * runs), then cancels them.
   */
  private static long parkedHeap(LoopOptions options, int n) {
    long before = settledHeap();
    long[] during = new long[1];
    Coroutines.run(
        options,
        () -> {
          int[] started = new int[1];
          List<Coroutine<Void>> all = new ArrayList<>(n);
          for (int i = 0; i < n; i++) {
            all.add(
                Coroutines.spawn(
                    () -> {
                      countUp(started);
                      Coroutines.sleep(PROBE_NAP);
                    }));
          }
          while (count(started) < n) {
            Coroutines.sleep(Duration.ofMillis(20));
          }
          Coroutines.sleep(Duration.ofMillis(200)); // the last ones reach their sleep
          during[0] = settledHeap();
          for (Coroutine<Void> c : all) {
            c.cancel();
          }
          return Coroutines.gatherReturnExceptions(all);
        });
    return (during[0] - before) / n;
  }

  /** A round with the phases' times noted: see {@code --split}. */
  private static String split(LoopOptions options, int n, String name) {
    long[] t = new long[5]; // spawned, last started, first woken, last woken, gathered
    Stopwatch watch = Stopwatch.begin();
    Coroutines.run(
        options,
        () -> {
          List<Coroutine<Void>> all = new ArrayList<>(n);
          for (int i = 0; i < n; i++) {
            all.add(
                Coroutines.spawn(
                    () -> {
                      note(t, 1);
                      Coroutines.sleep(NAP);
                      long now = System.nanoTime();
                      synchronized (t) {
                        if (t[2] == 0) {
                          t[2] = now;
                        }
                        t[3] = Math.max(t[3], now);
                      }
                    }));
          }
          note(t, 0);
          List<Void> values = Coroutines.gather(all);
          note(t, 4);
          return values;
        });
    return watch.line(name, n, t);
  }

  private static void note(long[] t, int i) {
    long now = System.nanoTime();
    synchronized (t) { // in parallel mode the sleepers run at once
      t[i] = Math.max(t[i], now);
    }
  }

  /** CPU and collector time of the process over a round, and the split's JSON line. */
  record Stopwatch(long start, long cpu, long gc) {
    static Stopwatch begin() {
      return new Stopwatch(System.nanoTime(), cpuNanos(), gcMillis());
    }

    /**
     * The line of {@code --split}.
     *
     * @param t spawned (or the last thread started), last started, first woken, last woken, ended
     */
    String line(String name, int n, long[] t) {
      return String.format(
          Locale.ROOT,
          "{\"name\": \"%s\", \"n\": %d, \"spawn_ms\": %.1f, \"start_all_ms\": %.1f,"
              + " \"wake_all_ms\": %.1f, \"tail_ms\": %.1f, \"wall_ms\": %.1f,"
              + " \"cpu_us_per_coroutine\": %.2f, \"gc_ms\": %d}",
          name,
          n,
          (t[0] - start) / 1e6,
          (t[1] - t[0]) / 1e6,
          (t[3] - t[2]) / 1e6,
          (t[4] - t[3]) / 1e6,
          (t[4] - start) / 1e6,
          (cpuNanos() - cpu) / 1e3 / n,
          gcMillis() - gc);
    }

    private static long cpuNanos() {
      return ManagementFactory.getOperatingSystemMXBean()
              instanceof com.sun.management.OperatingSystemMXBean os
          ? os.getProcessCpuTime()
          : 0;
    }

    private static long gcMillis() {
      long ms = 0;
      for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
        ms += Math.max(0, gc.getCollectionTime());
      }
      return ms;
    }
  }

  private static void countUp(int[] started) {
    synchronized (started) { // in parallel mode the sleepers start at once
      started[0]++;
    }
  }

  private static int count(int[] started) {
    synchronized (started) {
      return started[0];
    }
  }

  /** The case's line: wall time and peak RSS. */
  static String timedLine(String name, int n, long wallNanos) throws IOException {
    return String.format(
        Locale.ROOT,
        "{\"name\": \"%s\", \"n\": %d, \"median_ms\": %.1f, \"peak_rss_mib\": %.1f}",
        name,
        n,
        wallNanos / 1e6,
        peakRss() / 1048576.0);
  }

  /** The heap probe's line. */
  static String heapLine(String name, int n, long allocated, long parkedPerCoroutine) {
    return String.format(
        Locale.ROOT,
        "{\"name\": \"%s\", \"n\": %d, \"allocated_bytes_per_coroutine\": %d,"
            + " \"heap_bytes_per_coroutine\": %d}",
        name,
        n,
        allocated / n,
        parkedPerCoroutine);
  }

  /** Used heap after a full collection. */
  static long settledHeap() {
    Runtime rt = Runtime.getRuntime();
    System.gc();
    return rt.totalMemory() - rt.freeMemory();
  }

  /**
   * Bytes allocated so far by every thread of the JVM; a virtual thread allocates in its carrier's
   * buffers, so its allocations count too.
   */
  static long allocatedBytes() {
    if (ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean t
        && t.isThreadAllocatedMemorySupported()) {
      return t.getTotalThreadAllocatedBytes();
    }
    return 0;
  }

  static long peakRss() throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith("VmHWM:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
      }
    }
    return 0;
  }

  /** The command line of both sleepers programs. */
  static final class Options {
    static final String AS_RUN = "as_run";
    static final String STEADY = "steady";
    static final String HEAP = "heap";
    static final String SPLIT = "split";

    int n = 1_000_000;
    String mode = AS_RUN;
    boolean parallel;

    static Options parse(String[] args) {
      Options o = new Options();
      for (String a : args) {
        switch (a) {
          case "--steady" -> o.mode = STEADY;
          case "--heap" -> o.mode = HEAP;
          case "--split" -> o.mode = SPLIT;
          case "--parallel", "parallel" -> o.parallel = true;
          default -> {
            o.n = Integer.parseInt(a);
            if (o.n <= 0) {
              throw new IllegalArgumentException("n must be > 0: n=" + o.n);
            }
          }
        }
      }
      return o;
    }
  }
}
