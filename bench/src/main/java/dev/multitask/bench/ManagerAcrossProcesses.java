package dev.multitask.bench;

import dev.multitask.Context;
import dev.multitask.Multitask;
import dev.multitask.ProcessOptions;
import dev.multitask.shared.Manager;
import dev.multitask.shared.SharedMap;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * The managers issue's measurements between processes, side by side with {@code
 * bench/python/manager_dict.py}; outside JMH, as {@link SyncAcrossProcesses} (same crew, same
 * warm-up and run protocol). One operation by one thread: {@link ManagerBenchmark}.
 *
 * <ul>
 *   <li>{@code multitask.manager.getput_2proc}: a manager dict of 1000 string keys to {@code
 *       Long}s; 2 children each do {@code n} times {@code v = d.get(k); d.put(k, v + 1)} for a
 *       random key {@code k}. Score: the run's time divided by the {@code 2n} operations each child
 *       made, so the time of one {@code get} or {@code put} in a process while another process
 *       works on the same dict. Compare with {@code python.manager.getput_2proc} ({@code
 *       Manager().dict()}).
 *   <li>{@code multitask.manager.merge_2proc}: 2 children each do {@code n} times {@code
 *       d.merge("hits", 1L, Long::sum)}; the parent checks the count is {@code 2n} after every run.
 *       Score: time per merge in a child. Compare with {@code
 *       python.manager.locked_increment_2proc} ({@code with lock: d['hits'] += 1}: Python has no
 *       atomic update on a proxy).
 *   <li>{@code multitask.manager.program}: the {@code manager-dict} example (100 processes
 *       decrement a manager dict's key under a lock) as a whole program: a fresh {@code java}
 *       running it, from launch to exit, median of {@code runs}. Compare with {@code
 *       python.manager.program_fork} and {@code python.manager.program_spawn}, the tutorial's
 *       program in a fresh {@code python3}.
 * </ul>
 *
 * <p>Prints one JSON line per case, as the CPython scripts do.
 *
 * <p>Usage: {@code java --enable-native-access=ALL-UNNAMED -cp benchmarks.jar
 * dev.multitask.bench.ManagerAcrossProcesses [seconds per case] [program runs]}
 */
public final class ManagerAcrossProcesses {
  private static final int KEYS = 1000;

  private ManagerAcrossProcesses() {}

  /**
   * Runs every case and prints its JSON line.
   *
   * @param args optionally, the seconds of measured runs per case (default 5) and the number of
   *     runs of the whole program (default 5)
   * @throws Exception if a child cannot be started or fails, or a count is wrong
   */
  public static void main(String[] args) throws Exception {
    double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 5;
    int programRuns = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    try (Context ctx = Multitask.processes(ProcessOptions.defaults().standby(2));
        Manager manager = ctx.manager()) {
      SyncAcrossProcesses.awaitStandby(ctx);
      System.out.println(getPut(ctx, manager, seconds));
      System.out.println(merge(ctx, manager, seconds));
    }
    System.out.println(program(programRuns));
  }

  private static String getPut(Context ctx, Manager manager, double seconds) throws Exception {
    SharedMap<String, Long> d = manager.dict();
    for (int i = 0; i < KEYS; i++) {
      d.put("key" + i, 0L);
    }
    try (Crew crew = SyncAcrossProcesses.startCrew(ctx, 2, getsAndPuts(d))) {
      SyncAcrossProcesses.Figures f =
          SyncAcrossProcesses.repeat((n, measured) -> crew.run(n), 20_000, seconds);
      return String.format(
          Locale.ROOT,
          "{\"name\": \"multitask.manager.getput_2proc\", \"median_ns\": %.1f, \"runs\": %d,"
              + " \"n\": %d, \"processes\": 2}",
          f.nanosPerIteration() / 2,
          f.runs(),
          f.n());
    }
  }

  private static String merge(Context ctx, Manager manager, double seconds) throws Exception {
    SharedMap<String, Long> d = manager.dict();
    try (Crew crew = SyncAcrossProcesses.startCrew(ctx, 2, merges(d))) {
      SyncAcrossProcesses.Figures f =
          SyncAcrossProcesses.repeat(
              (n, measured) -> {
                d.put("hits", 0L);
                long nanos = crew.run(n);
                long counted = d.get("hits");
                if (counted != 2 * n) {
                  throw new IllegalStateException("merged " + counted + ", expected " + 2 * n);
                }
                return nanos;
              },
              20_000,
              seconds);
      return String.format(
          Locale.ROOT,
          "{\"name\": \"multitask.manager.merge_2proc\", \"median_ns\": %.1f, \"runs\": %d,"
              + " \"n\": %d, \"processes\": 2}",
          f.nanosPerIteration(),
          f.runs(),
          f.n());
    }
  }

  /** The manager-dict example in a fresh JVM, {@code runs} times plus one warm-up; the median. */
  private static String program(int runs) throws Exception {
    List<String> command =
        List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "--enable-native-access=ALL-UNNAMED",
            "-cp",
            System.getProperty("java.class.path"),
            "dev.multitask.examples.Examples",
            "manager-dict");
    long[] millis = new long[runs];
    for (int i = -1; i < runs; i++) {
      long t0 = System.nanoTime();
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes()).strip();
      if (!p.waitFor(300, TimeUnit.SECONDS) || p.exitValue() != 0 || !out.equals("{key=0}")) {
        p.destroyForcibly();
        throw new IllegalStateException("manager-dict did not end at {key=0}: " + out);
      }
      if (i >= 0) {
        millis[i] = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
      }
    }
    java.util.Arrays.sort(millis);
    return String.format(
        Locale.ROOT,
        "{\"name\": \"multitask.manager.program\", \"median_ms\": %.1f, \"runs\": %d,"
            + " \"processes\": 100}",
        SyncAcrossProcesses.median(millis),
        runs);
  }

  // The members' work is built in static methods, so that each lambda captures the dict alone.

  private static Crew.Work getsAndPuts(SharedMap<String, Long> d) {
    return n -> {
      String[] keys = new String[KEYS];
      for (int i = 0; i < KEYS; i++) {
        keys[i] = "key" + i;
      }
      SplittableRandom random = new SplittableRandom();
      for (long i = 0; i < n; i++) {
        String k = keys[random.nextInt(KEYS)];
        d.put(k, d.get(k) + 1);
      }
    };
  }

  private static Crew.Work merges(SharedMap<String, Long> d) {
    return n -> {
      for (long i = 0; i < n; i++) {
        d.merge("hits", 1L, Long::sum);
      }
    };
  }
}
