package dev.multitask.bench;

import dev.multitask.Context;
import dev.multitask.Job;
import dev.multitask.Multitask;
import dev.multitask.ipc.Queue;
import dev.multitask.ipc.QueueClosedException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * Throughput of a process queue ({@code Multitask.processes().queue(capacity)}) from producer child
 * JVMs to a consumer in the benchmark's JVM: Python's {@code multiprocessing.Queue} between
 * processes ({@code bench/python/queue_throughput.py}).
 *
 * <ul>
 *   <li>{@code oneToOne}: one producer child puts small {@code Integer}s as fast as it can into a
 *       queue bounded at {@value #SMALL_CAPACITY}; the benchmark thread takes. Score: messages/s.
 *       Compare with {@code python.queue.1to1} (Python's queue is unbounded).
 *   <li>{@code oneMiB}: one producer child puts the same 1 MiB {@code byte[]} (encoded afresh per
 *       put, as Python pickles afresh) into a queue bounded at {@value #LARGE_CAPACITY}; the
 *       benchmark takes one per operation. Score: MiB/s. Compare with {@code python.queue.1mib}.
 * </ul>
 *
 * <p>The producers start once per trial and run until the queue is closed in the trial's teardown,
 * so process start is not timed (Python's script keeps it out of its timing too). Four producers
 * and four consumers: {@link QueueFourToFourBenchmark}.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(
    value = 1,
    jvmArgs = {"--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class QueueBenchmark {
  /** Takes per invocation of the small-message benchmarks: amortizes JMH's per-call overhead. */
  static final int BATCH = 10_000;

  static final int SMALL_CAPACITY = 65_536;
  static final int LARGE_CAPACITY = 8;
  static final int MIB = 1 << 20;

  /** One producer child putting small integers. */
  @State(Scope.Benchmark)
  public static class OneToOne {
    Producers<Integer> producers;

    @Setup(Level.Trial)
    public void open() throws InterruptedException {
      producers = Producers.start(SMALL_CAPACITY, 1, QueueBenchmark::smallProducer);
    }

    @TearDown(Level.Trial)
    public void close() throws InterruptedException {
      producers.close();
    }
  }

  /** One producer child putting 1 MiB arrays. */
  @State(Scope.Benchmark)
  public static class OneMiB {
    Producers<byte[]> producers;

    @Setup(Level.Trial)
    public void open() throws InterruptedException {
      producers = Producers.start(LARGE_CAPACITY, 1, QueueBenchmark::largeProducer);
    }

    @TearDown(Level.Trial)
    public void close() throws InterruptedException {
      producers.close();
    }
  }

  @Benchmark
  @OperationsPerInvocation(BATCH)
  public long oneToOne(OneToOne state) throws InterruptedException {
    Queue<Integer> q = state.producers.queue;
    long sum = 0;
    for (int i = 0; i < BATCH; i++) {
      sum += q.take();
    }
    return sum;
  }

  @Benchmark
  public byte[] oneMiB(OneMiB state) throws InterruptedException {
    return state.producers.queue.take();
  }

  // Job bodies are built in static methods so that they capture the queue alone: JMH's state
  // objects are not serializable.

  static Job<Void> smallProducer(Context ctx, Queue<Integer> q) {
    return ctx.start(
        () -> {
          try {
            for (int i = 0; ; i = (i + 1) & 0xffff) {
              q.put(i);
            }
          } catch (QueueClosedException e) {
            // the trial is over
          }
        });
  }

  static Job<Void> largeProducer(Context ctx, Queue<byte[]> q) {
    return ctx.start(
        () -> {
          byte[] payload = new byte[MIB];
          try {
            while (true) {
              q.put(payload);
            }
          } catch (QueueClosedException e) {
            // the trial is over
          }
        });
  }

  /** Starts a producer job on a queue. */
  @FunctionalInterface
  interface ProducerStarter<T> {
    Job<Void> start(Context ctx, Queue<T> q);
  }

  /** A process context, one bounded queue and the producer jobs putting into it. */
  static final class Producers<T> {
    final Context ctx;
    final Queue<T> queue;
    final List<Job<Void>> jobs = new ArrayList<>();

    private Producers(Context ctx, Queue<T> queue) {
      this.ctx = ctx;
      this.queue = queue;
    }

    /** Starts {@code count} producers and returns once elements arrive, so they are running. */
    static <T> Producers<T> start(int capacity, int count, ProducerStarter<T> starter)
        throws InterruptedException {
      Context ctx = Multitask.processes();
      Producers<T> p = new Producers<>(ctx, ctx.queue(capacity));
      for (int i = 0; i < count; i++) {
        p.jobs.add(starter.start(ctx, p.queue));
      }
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (p.queue.isEmpty()) {
        if (System.nanoTime() > deadline) {
          p.close();
          throw new IllegalStateException(
              "no element arrived within 60 s from " + count + " producer(s)");
        }
        Thread.sleep(10);
      }
      return p;
    }

    /** Closes the queue, which ends the producers' loops, then the context. */
    void close() throws InterruptedException {
      queue.close();
      for (Job<Void> job : jobs) {
        if (!job.join(Duration.ofSeconds(30))) {
          job.kill();
        }
      }
      ctx.close();
    }
  }
}
