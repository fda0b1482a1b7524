package dev.multitask.bench;

import dev.multitask.Context;
import dev.multitask.Multitask;
import dev.multitask.ProcessOptions;
import dev.multitask.Task;
import dev.multitask.ipc.Queue;
import dev.multitask.pool.Pool;
import dev.multitask.pool.PoolOptions;
import dev.multitask.pool.WorkerDiedException;
import dev.multitask.sync.Event;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The pools issue's measurements that are not a throughput, side by side with {@code
 * bench/python/pool_throughput.py}; outside JMH because each is a few long, separately timed runs.
 * Submit and map throughput are measured by JMH: {@link PoolBenchmark}.
 *
 * <ul>
 *   <li>{@code multitask.pool.cpu_speedup}: {@value #CPU_TASKS} tasks of pure arithmetic (xorshift
 *       steps, {@link #spin}), each calibrated in this JVM to take about {@code task seconds} (0.25
 *       s), submitted at once to a pool of 1 worker and to a pool of 2, runs alternating between
 *       the two pools. Score: the median time on 1 worker divided by the median time on 2. Compare
 *       with {@code python.pool.cpu_speedup} (calibrated to the same time per task in CPython, so
 *       the work differs but its duration does not).
 *   <li>{@code multitask.pool.recovery}: a pool of 2 workers with a standby worker ready; both
 *       workers run a blocking task; one of them is sent SIGKILL and a trivial task is submitted at
 *       once. Score: the time from the kill to that task's result (the other worker is still
 *       blocked, so the task waits for the dead worker's replacement). The killed worker's task
 *       must fail with {@link WorkerDiedException}. The same pool serves every sample; before each,
 *       the standby refill ends. Compare with {@code python.pool.recovery.Pool.*}.
 * </ul>
 *
 * <p>Prints one JSON line per case, as the CPython scripts do.
 *
 * <p>Usage: {@code java --enable-native-access=ALL-UNNAMED -cp benchmarks.jar
 * dev.multitask.bench.PoolAcrossProcesses [seconds per case [task seconds]]}
 */
public final class PoolAcrossProcesses {
  private static final int CPU_TASKS = 8;

  /**
   * Standby workers: enough for the pools' workers to come from it, and one to replace a killed
   * one.
   */
  private static final int STANDBY = 2;

  private static final Duration PATIENCE = Duration.ofSeconds(120);

  /** Where calibration runs leave their results, so that the JIT cannot drop them. */
  private static volatile long sink;

  private PoolAcrossProcesses() {}

  /**
   * Runs every case and prints its JSON line.
   *
   * @param args optionally, the seconds of measured runs per case (default 5) and the seconds of
   *     one CPU-bound task (default 0.25)
   * @throws Exception if a pool fails or answers wrong
   */
  public static void main(String[] args) throws Exception {
    double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 5;
    double taskSeconds = args.length > 1 ? Double.parseDouble(args[1]) : 0.25;
    ProcessOptions processes = ProcessOptions.defaults().standby(STANDBY);
    try (Context ctx = Multitask.processes(processes)) {
      awaitStandby(ctx);
      System.out.println(cpuSpeedup(ctx, processes, seconds, taskSeconds));
      System.out.println(recovery(ctx, processes, seconds));
    }
  }

  /**
   * Pure arithmetic: {@code n} xorshift64 steps, each depending on the last, nothing to wait for.
   */
  static long spin(long n) {
    long x = 88172645463325252L;
    for (long i = 0; i < n; i++) {
      x ^= x << 13;
      x ^= x >>> 7;
      x ^= x << 17;
    }
    return x;
  }

  /**
   * The {@code n} for which {@link #spin} takes about {@code taskSeconds} here, after JIT warm-up.
   */
  private static long calibrate(double taskSeconds) {
    for (int i = 0; i < 20; i++) {
      sink = spin(1_000_000);
    }
    for (long n = 1_000_000; ; n *= 4) {
      long t0 = System.nanoTime();
      sink = spin(n);
      long nanos = System.nanoTime() - t0;
      if (nanos >= taskSeconds * 1e9 / 4) {
        return (long) (n * taskSeconds * 1e9 / nanos);
      }
    }
  }

  private static String cpuSpeedup(
      Context ctx, ProcessOptions processes, double seconds, double taskSeconds) throws Exception {
    long n = calibrate(taskSeconds);
    try (Pool one = pool(ctx, processes, 1);
        Pool two = pool(ctx, processes, 2)) {
      awaitStandby(ctx);
      Task<Long> task = spinTask(n);
      cpuRun(one, task); // warm-up: the workers' JIT
      cpuRun(two, task);
      List<Long> ones = new ArrayList<>();
      List<Long> twos = new ArrayList<>();
      long deadline = System.nanoTime() + (long) (seconds * 1e9);
      while (System.nanoTime() < deadline || ones.size() < 3) {
        ones.add(cpuRun(one, task));
        twos.add(cpuRun(two, task));
      }
      double m1 = median(ones);
      double m2 = median(twos);
      return String.format(
          Locale.ROOT,
          "{\"name\": \"multitask.pool.cpu_speedup\", \"speedup\": %.3f, \"one_worker_ms\": %.1f,"
              + " \"two_workers_ms\": %.1f, \"runs\": %d, \"tasks\": %d, \"iterations\": %d, \"task_ms\": %.0f}",
          m1 / m2,
          m1 / 1e6,
          m2 / 1e6,
          ones.size(),
          CPU_TASKS,
          n,
          taskSeconds * 1e3);
    }
  }

  /** Submits the CPU-bound tasks at once and waits for all; returns the nanoseconds. */
  private static long cpuRun(Pool pool, Task<Long> task) throws Exception {
    long t0 = System.nanoTime();
    List<CompletableFuture<Long>> futures = new ArrayList<>(CPU_TASKS);
    for (int i = 0; i < CPU_TASKS; i++) {
      futures.add(pool.submit(task));
    }
    for (CompletableFuture<Long> f : futures) {
      f.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
    }
    return System.nanoTime() - t0;
  }

  private static String recovery(Context ctx, ProcessOptions processes, double seconds)
      throws Exception {
    Queue<Long> started = ctx.queue();
    Event release = ctx.event();
    try (Pool pool = pool(ctx, processes, 2)) {
      recoverySample(ctx, pool, started, release); // warm-up
      List<Double> samples = new ArrayList<>();
      long deadline = System.nanoTime() + (long) (seconds * 1e9);
      while (System.nanoTime() < deadline || samples.size() < 3) {
        samples.add(recoverySample(ctx, pool, started, release) / 1e6);
      }
      double[] sorted = samples.stream().mapToDouble(Double::doubleValue).sorted().toArray();
      return String.format(
          Locale.ROOT,
          "{\"name\": \"multitask.pool.recovery\", \"median_ms\": %.3f, \"p90_ms\": %.3f, \"max_ms\": %.3f,"
              + " \"n\": %d, \"standby\": %d, \"killed_task\": \"WorkerDiedException\"}",
          median(sorted),
          sorted[(int) (sorted.length * 0.9) - 1],
          sorted[sorted.length - 1],
          sorted.length,
          STANDBY);
    } finally {
      started.close();
    }
  }

  /**
   * Both workers block; one is killed; returns the nanoseconds from the kill to the result of a
   * task submitted right after it.
   */
  private static long recoverySample(Context ctx, Pool pool, Queue<Long> started, Event release)
      throws Exception {
    awaitStandby(ctx);
    release.clear();
    Task<Long> blocker = blocker(started, release);
    List<CompletableFuture<Long>> blocked = List.of(pool.submit(blocker), pool.submit(blocker));
    long victim = take(started);
    take(started);
    ProcessHandle handle =
        ProcessHandle.of(victim)
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "worker process " + victim + " is gone before the kill"));
    long t0 = System.nanoTime();
    handle.destroyForcibly(); // SIGKILL
    int answer = pool.submit(() -> 42).get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
    long nanos = System.nanoTime() - t0;
    release.set();
    if (answer != 42) {
      throw new IllegalStateException("the pool answered " + answer);
    }
    int died = 0;
    for (CompletableFuture<Long> b : blocked) {
      try {
        b.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof WorkerDiedException)) {
          throw new IllegalStateException(
              "a blocker failed otherwise than by its worker's death", e.getCause());
        }
        died++;
      }
    }
    if (died != 1) {
      throw new IllegalStateException(
          died + " blockers failed with WorkerDiedException, expected 1");
    }
    // each sample kills a worker while running a blocker: never let the blockers' code reach
    // quarantine
    pool.releaseQuarantine();
    return nanos;
  }

  private static long take(Queue<Long> started) throws InterruptedException, TimeoutException {
    Long pid = started.poll(PATIENCE.toSeconds(), TimeUnit.SECONDS);
    if (pid == null) {
      throw new TimeoutException("a blocker did not start within " + PATIENCE);
    }
    return pid;
  }

  // Tasks are built in static methods, so that each lambda captures what it uses alone.

  private static Task<Long> spinTask(long n) {
    return () -> spin(n);
  }

  private static Task<Long> blocker(Queue<Long> started, Event release) {
    return () -> {
      long pid = ProcessHandle.current().pid();
      started.put(pid);
      if (!release.await(PATIENCE)) {
        throw new TimeoutException("a blocker was not released within " + PATIENCE);
      }
      return pid;
    };
  }

  /** A pool of {@code workers} drawing on the context's standby workers (equal process options). */
  private static Pool pool(Context ctx, ProcessOptions processes, int workers) {
    return ctx.pool(PoolOptions.workers(workers).processOptions(processes));
  }

  private static void awaitStandby(Context ctx) throws InterruptedException {
    if (!ctx.awaitWarm(PATIENCE)) {
      throw new IllegalStateException(
          STANDBY + " standby workers did not become ready within " + PATIENCE);
    }
  }

  private static double median(List<Long> values) {
    return median(values.stream().mapToDouble(Long::doubleValue).sorted().toArray());
  }

  private static double median(double[] sorted) {
    int mid = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  }
}
