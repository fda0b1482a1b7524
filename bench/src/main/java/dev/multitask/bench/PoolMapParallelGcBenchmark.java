package dev.multitask.bench;

import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
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
 * {@link PoolBenchmark#map()} again, with the calling JVM on the throughput collector
 * ({@code -XX:+UseParallelGC}): a map of 1 M items holds 1 M boxed results in the caller until it
 * returns, and on 2 cores the default G1 collector's pauses copying them dominate the time. The
 * worker JVMs are the same in both (serial collector). Shows what the pool itself costs, and what
 * a user with such maps gains by choosing the collector.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgs = {"--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow",
    "-XX:+UseParallelGC"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@State(Scope.Benchmark)
public class PoolMapParallelGcBenchmark {
  private final PoolBenchmark pool = new PoolBenchmark();

  @Setup
  public void open() throws InterruptedException, ExecutionException {
    pool.open();
  }

  @TearDown
  public void close() {
    pool.close();
  }

  @Benchmark
  @OperationsPerInvocation(PoolBenchmark.ITEMS)
  public List<Integer> map() throws InterruptedException {
    return pool.map();
  }
}
