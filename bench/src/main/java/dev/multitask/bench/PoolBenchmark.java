package dev.multitask.bench;

import dev.multitask.Context;
import dev.multitask.Fn;
import dev.multitask.Multitask;
import dev.multitask.ProcessOptions;
import dev.multitask.pool.Pool;
import dev.multitask.pool.PoolOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Throughput of a process pool of 2 workers ({@code Multitask.processes().pool(...)}), side by side
 * with {@code bench/python/pool_throughput.py}.
 *
 * <ul>
 *   <li>{@code submit}: {@value #TASKS} trivial tasks (each returns 42) submitted at once, all in
 *       flight, then every result taken. Score: tasks/s. Compare with {@code
 *       python.pool.submit.ProcessPoolExecutor} ({@code submit(f)}, then {@code result()}) and
 *       {@code python.pool.submit.Pool.apply_async}.
 *   <li>{@code map}: {@code pool.map(identity, items, 1000)} over {@value #ITEMS} {@code Integer}s
 *       (the list is built once per trial, as Python's {@code range} costs nothing to make), then
 *       every result read and summed. Score: items/s. Compare with {@code python.pool.map.Pool}
 *       ({@code sum(Pool(2).map(identity, range(10**6), chunksize=1000))}).
 * </ul>
 *
 * <p>The pool and its 2 worker JVMs start once per trial, from warm standby workers; the trial
 * waits for the standby refill before measuring, so no JVM starts while it is measured.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(
    value = 1,
    jvmArgs = {"--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@State(Scope.Benchmark)
public class PoolBenchmark {
  /** Tasks in flight per {@code submit} invocation. */
  static final int TASKS = 10_000;

  static final int ITEMS = 1_000_000;
  static final int CHUNK = 1000;
  static final int WORKERS = 2;

  /**
   * Standby workers: the pool's two come from it, so the pool's start is a hand-over, not a JVM
   * start.
   */
  static final int STANDBY = 2;

  private static final AnswerTask ANSWER = new AnswerTask();
  private static final Fn<Integer, Integer> IDENTITY = x -> x;

  private Context ctx;
  private Pool pool;
  private List<Integer> items;

  @Setup(Level.Trial)
  public void open() throws InterruptedException, ExecutionException {
    ctx = Multitask.processes(ProcessOptions.defaults().standby(STANDBY));
    awaitStandby(ctx);
    // equal process options: the pool draws on the context's standby workers
    pool = ctx.pool(PoolOptions.workers(WORKERS).standby(STANDBY));
    items = IntStream.range(0, ITEMS).boxed().toList();
    if (pool.submit(ANSWER).get() != 42 || pool.map(IDENTITY, items, CHUNK).size() != ITEMS) {
      throw new IllegalStateException("the pool answered wrong");
    }
    awaitStandby(ctx); // the refill after the pool took its workers
  }

  @TearDown(Level.Trial)
  public void close() {
    pool.close();
    ctx.close();
  }

  @Benchmark
  @OperationsPerInvocation(TASKS)
  public long submit() throws InterruptedException, ExecutionException {
    List<CompletableFuture<Integer>> futures = new ArrayList<>(TASKS);
    for (int i = 0; i < TASKS; i++) {
      futures.add(pool.submit(ANSWER));
    }
    long sum = 0;
    for (CompletableFuture<Integer> f : futures) {
      sum += f.get();
    }
    return sum;
  }

  @Benchmark
  @OperationsPerInvocation(ITEMS)
  public long map() throws InterruptedException {
    long sum = 0;
    for (Integer result : pool.map(IDENTITY, items, CHUNK)) {
      sum += result; // every result read: the list keeps numbers packed and boxes them when read
    }
    if (sum != (long) ITEMS * (ITEMS - 1) / 2) {
      throw new IllegalStateException("map returned wrong results: sum " + sum);
    }
    return sum;
  }

  static void awaitStandby(Context ctx) throws InterruptedException {
    Duration patience = Duration.ofSeconds(120);
    if (!ctx.awaitWarm(patience)) {
      throw new IllegalStateException("standby workers did not become ready within " + patience);
    }
  }
}
