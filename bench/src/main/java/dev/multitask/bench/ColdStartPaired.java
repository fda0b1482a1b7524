package dev.multitask.bench;

import dev.multitask.Action;
import dev.multitask.Context;
import dev.multitask.Job;
import dev.multitask.Multitask;
import dev.multitask.ProcessOptions;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Cold start+join against CPython's {@code spawn}, alternated sample by sample in one run. This
 * machine's speed drifts by 10-30 % within minutes, more than the difference being measured, so
 * figures taken minutes apart (JMH's {@code JobStartBenchmark.cold}, and {@code spawn} before and
 * after it) cannot say reliably which side is faster; samples taken in turn can.
 *
 * <p>Each round takes three samples, in an order that rotates from round to round:
 *
 * <ul>
 *   <li>{@code python.paired.spawn}: one {@code Process(target=noop).start(); join()} under {@code
 *       spawn}, timed by {@code bench/python/process_start.py --serve spawn}, a CPython process
 *       that this program keeps running and asks for one start per sample;
 *   <li>{@code multitask.paired.cold}: one start+join of a plain job class in a context without
 *       standby workers (a new JVM, with the AOT cache), as {@code JobStartBenchmark.cold};
 *   <li>{@code multitask.paired.cold_lambda}: the same with a capturing lambda as the job.
 * </ul>
 *
 * <p>Before each sample, untimed: the last sample's process has been reaped (Python's {@code
 * join()} includes that; ours returns when the worker reports DONE and the teardown is reaped in
 * the background), and 20 ms have passed, so no sample pays for another's teardown. {@code
 * multitask.paired.cold_vs_spawn} gives the median over rounds of spawn's time divided by cold's in
 * the same round, and how many rounds the cold job won.
 *
 * <p>Prints one JSON line per figure, as the CPython scripts do.
 *
 * <p>Usage: {@code java --enable-native-access=ALL-UNNAMED -cp benchmarks.jar
 * dev.multitask.bench.ColdStartPaired <path of process_start.py> [seconds]}
 */
public final class ColdStartPaired {
  private static final int WARM_UP_ROUNDS = 3;
  private static final int MIN_ROUNDS = 10;

  /** The job of the plain samples: does nothing, as {@code JobStartBenchmark}'s. */
  private static final Action NOOP = new JobStartBenchmark.Noop();

  private ColdStartPaired() {}

  /**
   * Measures and prints the figures.
   *
   * @param args the path of {@code process_start.py}, and optionally the seconds of measured rounds
   *     (default 40)
   * @throws Exception if a job or the CPython side fails
   */
  public static void main(String[] args) throws Exception {
    if (args.length < 1) {
      throw new IllegalArgumentException(
          "usage: ColdStartPaired <path of process_start.py> [seconds]");
    }
    double seconds = args.length > 1 ? Double.parseDouble(args[1]) : 40;
    // the flag gives this context a worker supply of its own, as in JobStartBenchmark
    ProcessOptions options =
        ProcessOptions.defaults().standby(0).jvmFlags("-Dmultitask.bench=cold");
    try (Context cold = Multitask.processes(options);
        SpawnServer spawn = new SpawnServer(args[0])) {
      // the cache is trained on first use, and again once the lambda's class shows up: wait for
      // both
      cold.start(NOOP).join();
      boolean cached = cold.awaitWarm(Duration.ofMinutes(3));
      cold.start(JobStartBenchmark.Lambdas.capturing(0)).join();
      if (!cached || !cold.awaitWarm(Duration.ofMinutes(3))) {
        throw new IllegalStateException(
            "no AOT cache for the workers: the cold figure would not be the one documented");
      }
      List<double[]> rounds = new ArrayList<>();
      long deadline = Long.MAX_VALUE;
      for (int round = 0;
          round < WARM_UP_ROUNDS + MIN_ROUNDS || System.nanoTime() < deadline;
          round++) {
        if (round == WARM_UP_ROUNDS) {
          rounds.clear();
          deadline = System.nanoTime() + (long) (seconds * 1e9);
        }
        double[] sample = new double[3]; // spawn, cold, cold lambda
        for (int i = 0; i < 3; i++) {
          int which = (round + i) % 3;
          Thread.sleep(20);
          sample[which] =
              switch (which) {
                case 0 -> spawn.startAndJoinMillis();
                case 1 -> startAndJoinMillis(cold, NOOP);
                default -> startAndJoinMillis(cold, JobStartBenchmark.Lambdas.capturing(round));
              };
        }
        rounds.add(sample);
      }
      System.out.println(figure("python.paired.spawn", rounds, 0));
      System.out.println(figure("multitask.paired.cold", rounds, 1));
      System.out.println(figure("multitask.paired.cold_lambda", rounds, 2));
      double[] ratios = rounds.stream().mapToDouble(r -> r[0] / r[1]).sorted().toArray();
      long won = rounds.stream().filter(r -> r[1] <= r[0]).count();
      System.out.println(
          String.format(
              Locale.ROOT,
              "{\"name\": \"multitask.paired.cold_vs_spawn\", \"ratio\": %.3f, \"rounds\": %d, \"cold_won\": %d}",
              median(ratios),
              rounds.size(),
              won));
    }
  }

  /** One cold job's start+join, after the last worker is reaped; returns its milliseconds. */
  private static double startAndJoinMillis(Context cold, Action job) throws InterruptedException {
    long t0 = System.nanoTime();
    Job started = cold.start(job);
    started.join();
    double millis = (System.nanoTime() - t0) / 1e6;
    if (started.exitCode().orElse(-1) != 0) {
      throw new IllegalStateException("a cold job ended with exit code " + started.exitCode());
    }
    ProcessHandle.of(started.pid()).ifPresent(worker -> worker.onExit().join());
    return millis;
  }

  private static String figure(String name, List<double[]> rounds, int column) {
    double[] sorted = rounds.stream().mapToDouble(r -> r[column]).sorted().toArray();
    return String.format(
        Locale.ROOT,
        "{\"name\": \"%s\", \"median_ms\": %.3f, \"p90_ms\": %.3f, \"n\": %d}",
        name,
        median(sorted),
        sorted[(int) Math.ceil(sorted.length * 0.9) - 1],
        sorted.length);
  }

  private static double median(double[] sorted) {
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }

  /** {@code process_start.py --serve spawn}: one CPython start+join per request. */
  private static final class SpawnServer implements AutoCloseable {
    private final Process python;
    private final Writer requests;
    private final BufferedReader answers;

    SpawnServer(String script) throws IOException {
      python =
          new ProcessBuilder("python3", script, "--serve", "spawn")
              .redirectError(ProcessBuilder.Redirect.INHERIT)
              .start();
      requests = new OutputStreamWriter(python.getOutputStream(), StandardCharsets.UTF_8);
      answers =
          new BufferedReader(
              new InputStreamReader(python.getInputStream(), StandardCharsets.UTF_8));
      String ready = answers.readLine();
      if (!"ready".equals(ready)) {
        throw new IOException(
            "process_start.py --serve spawn did not start (it said " + ready + ")");
      }
    }

    double startAndJoinMillis() throws IOException {
      requests.write("go\n");
      requests.flush();
      String answer = answers.readLine();
      if (answer == null) {
        throw new IOException(
            "process_start.py --serve spawn ended early; its error output above says why");
      }
      return Double.parseDouble(answer);
    }

    @Override
    public void close() throws IOException {
      requests.close(); // end of input ends the server
      try {
        if (python.waitFor() != 0) {
          throw new IOException("process_start.py --serve spawn exited with " + python.exitValue());
        }
      } catch (InterruptedException e) {
        python.destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }
  }
}
