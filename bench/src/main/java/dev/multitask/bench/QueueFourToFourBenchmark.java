package dev.multitask.bench;

import dev.multitask.bench.QueueBenchmark.Producers;
import dev.multitask.ipc.Queue;
import java.util.concurrent.TimeUnit;
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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Four producers and four consumers on one process queue bounded at {@value
 * QueueBenchmark#SMALL_CAPACITY}: four producer child JVMs put small {@code Integer}s as fast as
 * they can, four benchmark threads take. Score: total messages/s over all consumers (JMH sums the
 * threads' throughput). Compare with {@code python.queue.4to4}.
 *
 * <p>Not quite like for like: the consumers here are four threads of one JVM (the benchmark's),
 * while Python's are four processes. Every take still goes through the queue's shared memory and
 * its cross-process consumer lock, as it would from four processes.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(
    value = 1,
    jvmArgs = {"--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Threads(QueueFourToFourBenchmark.PAIRS)
@State(Scope.Benchmark)
public class QueueFourToFourBenchmark {
  static final int PAIRS = 4;

  private Producers<Integer> producers;

  @Setup(Level.Trial)
  public void open() throws InterruptedException {
    producers =
        Producers.start(QueueBenchmark.SMALL_CAPACITY, PAIRS, QueueBenchmark::smallProducer);
  }

  @TearDown(Level.Trial)
  public void close() throws InterruptedException {
    producers.close();
  }

  @Benchmark
  @OperationsPerInvocation(QueueBenchmark.BATCH)
  public long fourToFour() throws InterruptedException {
    Queue<Integer> q = producers.queue;
    long sum = 0;
    for (int i = 0; i < QueueBenchmark.BATCH; i++) {
      sum += q.take();
    }
    return sum;
  }
}
