package dev.multitask.bench;

import java.time.Duration;
import java.util.Locale;

/**
 * The floor under {@link CoroutineSleepers}: {@code n} plain JDK virtual threads (default 1 000
 * 000), each sleeping 1 s, all joined, with no multitask code at all. A coroutine is a virtual
 * thread (plus its loop's permit and its {@code Coroutine}), so this is the least the coroutine
 * case can take on this JVM and machine. Same warm-up (a round of {@code n / 10} sleeping 50 ms)
 * and the same measure (wall time from the first start to the last join, peak RSS of the process).
 *
 * <p>Prints one JSON line: {@code {"name": "jdk.vthread.sleepers", "n": ..., "median_ms": wall,
 * "peak_rss_mib": ...}}.
 *
 * <p>Usage: {@code java -cp benchmarks.jar dev.multitask.bench.VirtualThreadSleepers [n]}
 */
public final class VirtualThreadSleepers {
  private VirtualThreadSleepers() {}

  /**
   * Runs the warm-up and the measured round, and prints the JSON line.
   *
   * @param args optionally, the number of threads
   * @throws Exception if /proc cannot be read or a join is interrupted
   */
  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
    round(Math.max(1, n / 10), Duration.ofMillis(50));
    long start = System.nanoTime();
    round(n, Duration.ofSeconds(1));
    long wall = System.nanoTime() - start;
    System.out.println(
        String.format(
            Locale.ROOT,
            "{\"name\": \"jdk.vthread.sleepers\", \"n\": %d, \"median_ms\": %.1f,"
                + " \"peak_rss_mib\": %.1f}",
            n,
            wall / 1e6,
            CoroutineSleepers.peakRss() / 1048576.0));
  }

  private static void round(int n, Duration nap) throws InterruptedException {
    Thread[] all = new Thread[n];
    Runnable sleeper =
        () -> {
          try {
            Thread.sleep(nap);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        };
    for (int i = 0; i < n; i++) {
      all[i] = Thread.ofVirtual().start(sleeper);
    }
    for (Thread t : all) {
      t.join();
    }
  }
}
