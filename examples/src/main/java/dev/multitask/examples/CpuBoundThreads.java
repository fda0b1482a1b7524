package dev.multitask.examples;

import dev.multitask.Context;
import dev.multitask.Job;
import dev.multitask.Multitask;
import java.io.Serial;
import java.io.Serializable;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A CPU-bound task, 8**1000000 written out in decimal, in 1 thread and then in 2 threads doing one
 * computation each. In CPython the GIL lets one thread run Python code at a time, so the tutorial
 * measured 2 threads at twice the time of 1. Java threads run on separate cores: with two CPUs
 * free, 2 threads take about as long as 1.
 */
public final class CpuBoundThreads {
  private static final int MIN_WARM_UP_ROUNDS = 3;
  private static final int MAX_WARM_UP_ROUNDS = 6;

  private CpuBoundThreads() {}

  /**
   * What one thread reports: its name, the number of digits and its own computing time.
   *
   * @param thread the thread's name
   * @param digits the length of the decimal string
   * @param nanos how long the computation took
   */
  record Outcome(String thread, int digits, long nanos) implements Serializable {
    @Serial private static final long serialVersionUID = 1L;
  }

  /**
   * Runs the example.
   *
   * @param args ignored
   * @throws Exception if a computation fails or the wait is interrupted
   */
  public static void main(String[] args) throws Exception {
    System.out.println(
        "8**1000000 in decimal, in 1 thread then in 2 threads; CPUs available: "
            + Multitask.cpuCount());
    try (Context ctx = Multitask.threads()) {
      warmUp(ctx);
      double one = timed(ctx, 1);
      System.out.println("1 thread: " + format(one) + " s");
      double two = timed(ctx, 2);
      System.out.println(
          "2 threads: "
              + format(two)
              + " s for twice the work, "
              + format(two / one)
              + "x the time of 1 thread");
      System.out.println(
          two / one < 1.5
              ? "Java threads ran in parallel on separate cores: no GIL serialises them."
              : "The threads did not overlap much here (one CPU, or a busy machine); with two free"
                  + " cores they run in parallel, as Java has no GIL.");
      System.out.println(
          "In CPython the GIL serialises the same program: 2 threads take about 2x"
              + " the time of 1.");
    }
  }

  /**
   * Computes in 2 threads, at least three rounds and until a round is no longer clearly faster than
   * the one before. The JIT compiles BigInteger's code over the first rounds (CPython has nothing
   * to warm up); timing those would measure the compiler, not the threads.
   */
  private static void warmUp(Context ctx) throws Exception {
    long start = System.nanoTime();
    int rounds = 0;
    double previous = Double.MAX_VALUE;
    while (rounds < MAX_WARM_UP_ROUNDS) {
      long roundStart = System.nanoTime();
      Job<Outcome> a = ctx.start(CpuBoundThreads::compute);
      Job<Outcome> b = ctx.start(CpuBoundThreads::compute);
      a.join();
      b.join();
      rounds++;
      double took = (System.nanoTime() - roundStart) / 1e9;
      if (rounds >= MIN_WARM_UP_ROUNDS && took > 0.9 * previous) {
        break;
      }
      previous = took;
    }
    System.out.println(
        "warm-up: "
            + rounds
            + " rounds in "
            + seconds(System.nanoTime() - start)
            + " s, while the JIT compiles BigInteger's code");
  }

  /** Starts {@code threads} threads that compute once each, waits for all, returns the seconds. */
  private static double timed(Context ctx, int threads) throws Exception {
    long start = System.nanoTime();
    List<Job<Outcome>> jobs = new ArrayList<>();
    for (int i = 0; i < threads; i++) {
      jobs.add(ctx.start(CpuBoundThreads::compute));
    }
    for (Job<Outcome> job : jobs) {
      Outcome o = job.result();
      System.out.println(
          "  " + o.thread() + ": " + o.digits() + " digits in " + seconds(o.nanos()) + " s");
    }
    return (System.nanoTime() - start) / 1e9;
  }

  private static Outcome compute() {
    long start = System.nanoTime();
    String digits = BigInteger.valueOf(8).pow(1_000_000).toString();
    // the tutorial prints all 903,090 digits; their count says the same without the flood
    return new Outcome(
        Thread.currentThread().getName(), digits.length(), System.nanoTime() - start);
  }

  private static String seconds(long nanos) {
    return format(nanos / 1e9);
  }

  private static String format(double value) {
    return String.format(Locale.ROOT, "%.2f", value);
  }
}
