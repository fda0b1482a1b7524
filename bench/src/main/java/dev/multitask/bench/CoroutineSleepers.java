package dev.multitask.bench;

import dev.multitask.coro.Coroutine;
import dev.multitask.coro.Coroutines;
import dev.multitask.coro.LoopOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The coroutines issue's memory-and-time case: {@code n} coroutines (default 1 000 000) each sleep
 * 1 s on one event loop, all joined by {@code gather}; the figures are the wall time from the first
 * spawn to gather's return, the process's peak RSS ({@code VmHWM}) and the heap a parked coroutine
 * takes (used heap after a full collection while all sleep, minus before, divided by n). Outside
 * JMH: peak RSS is a property of a whole process, so each sample is a fresh JVM, and the JVM's
 * flags are part of what is measured. Compare with {@code python.coro.sleepers} from {@code
 * bench/python/coroutines.py} (asyncio: {@code create_task} + {@code gather}).
 *
 * <p>A warm-up round of {@code n / 10} coroutines sleeping 50 ms runs first, in the same JVM, so
 * that the measured round's code is compiled: a coroutine parked in interpreted frames takes about
 * twice the memory (its stack is copied to the heap as it is).
 *
 * <p>Prints one JSON line: {@code {"name": "multitask.coro.sleepers", "n": ..., "median_ms": wall,
 * "peak_rss_mib": ..., "heap_bytes_per_coroutine": ..., "parallel": ...}}.
 *
 * <p>Usage: {@code java -XX:+UseParallelGC -Xmn1g -cp benchmarks.jar
 * dev.multitask.bench.CoroutineSleepers [n [parallel]]}
 */
public final class CoroutineSleepers {
  private static final Duration NAP = Duration.ofSeconds(1);

  private CoroutineSleepers() {}

  /**
   * Runs the warm-up and the measured round, and prints the JSON line.
   *
   * @param args optionally, the number of coroutines and {@code parallel}
   * @throws IOException if /proc cannot be read
   */
  public static void main(String[] args) throws IOException {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
    boolean parallel = args.length > 1 && args[1].equals("parallel");
    LoopOptions options = LoopOptions.defaults().parallel(parallel);
    round(options, Math.max(1, n / 10), Duration.ofMillis(50), null);
    long[] heap = new long[2];
    heap[0] = settledHeap();
    long start = System.nanoTime();
    round(options, n, NAP, heap);
    long wall = System.nanoTime() - start;
    System.out.println(
        String.format(
            Locale.ROOT,
            "{\"name\": \"multitask.coro.sleepers%s\", \"n\": %d, \"median_ms\": %.1f,"
                + " \"peak_rss_mib\": %.1f, \"heap_bytes_per_coroutine\": %d}",
            parallel ? "_parallel" : "",
            n,
            wall / 1e6,
            peakRss() / 1048576.0,
            (heap[1] - heap[0]) / n));
  }

  /** Spawns {@code n} sleepers; the last to start measures the heap into {@code heap[1]}. */
  private static void round(LoopOptions options, int n, Duration nap, long[] heap) {
    Coroutines.run(
        options,
        () -> {
          int[] started = new int[1];
          List<Coroutine<Void>> all = new ArrayList<>(n);
          for (int i = 0; i < n; i++) {
            all.add(
                Coroutines.spawn(
                    () -> {
                      if (heap != null && countUp(started) == n) {
                        heap[1] = settledHeap(); // all the others sleep now
                      }
                      Coroutines.sleep(nap);
                    }));
          }
          return Coroutines.gather(all);
        });
  }

  private static int countUp(int[] started) {
    synchronized (started) { // in parallel mode the sleepers start at once
      return ++started[0];
    }
  }

  private static long settledHeap() {
    Runtime rt = Runtime.getRuntime();
    System.gc();
    return rt.totalMemory() - rt.freeMemory();
  }

  static long peakRss() throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith("VmHWM:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
      }
    }
    return 0;
  }
}
