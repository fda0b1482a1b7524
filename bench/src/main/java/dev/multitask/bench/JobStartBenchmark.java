package dev.multitask.bench;

import dev.multitask.Action;
import dev.multitask.Context;
import dev.multitask.Multitask;
import dev.multitask.ProcessOptions;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Start and join of a trivial process job: Python's {@code Process(target=noop).start(); join()}.
 *
 * <ul>
 *   <li>{@code cold}: no standby worker, so every job pays a JVM start (with the AOT cache, which
 *       the first iterations train) — compare with Python's {@code spawn}.
 *   <li>{@code warm}: a standby worker is ready before each job (the refill is not timed) — compare
 *       with Python's {@code fork} and {@code forkserver}.
 *   <li>{@code warmLambda}: the same with a lambda that captures a value for the job's body
 *       (deserializing a lambda is costlier than a plain class: it is linked on the way).
 * </ul>
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(
    value = 1,
    jvmArgs = {"--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow"})
@State(Scope.Benchmark)
public class JobStartBenchmark {
  /** The job: does nothing, so the figure is the cost of the job machinery alone. */
  static final class Noop implements Action {
    private static final long serialVersionUID = 1L;

    @Override
    public void run() {}
  }

  private static final Noop NOOP = new Noop();

  /**
   * Writes the lambda job. A class without a static initializer, as most classes that start jobs: a
   * standby worker links the lambdas of such a class ahead of their jobs.
   */
  static final class Lambdas {
    private Lambdas() {}

    /** A lambda that captures {@code n}, as a job body usually captures its arguments. */
    static Action capturing(int n) {
      return () -> {
        if (n < 0) {
          throw new IllegalStateException("never: n is " + n);
        }
      };
    }
  }

  private static final Action LAMBDA = Lambdas.capturing(1);

  private Context cold;
  private Context warm;

  @Setup(Level.Trial)
  public void open() throws InterruptedException {
    // a flag of its own gives the cold context its own worker supply: contexts with equal
    // options share standby workers, and the cold figure must not borrow the warm one's
    cold =
        Multitask.processes(
            ProcessOptions.defaults().standby(0).jvmFlags("-Dmultitask.bench=cold"));
    warm = Multitask.processes(ProcessOptions.defaults().standby(1));
    // the AOT cache is trained once per class path, in the background on first use: measure with it
    cold.start(NOOP).join();
    warm.start(NOOP).join();
    if (!cold.awaitWarm(Duration.ofMinutes(3)) || !warm.awaitWarm(Duration.ofMinutes(3))) {
      throw new IllegalStateException(
          "no AOT cache for the workers: the cold figure would not be the one documented");
    }
    // the warm context's standby worker started before the cache was ready: replace it with one
    // that uses it
    warm.start(NOOP).join();
  }

  @Setup(Level.Invocation)
  public void awaitStandby() throws InterruptedException {
    if (!warm.awaitWarm(Duration.ofSeconds(30))) {
      throw new IllegalStateException("no standby worker became ready within 30 s");
    }
  }

  @TearDown(Level.Trial)
  public void close() {
    cold.close();
    warm.close();
  }

  @Benchmark
  @Warmup(iterations = 2, time = 3)
  @Measurement(iterations = 5, time = 4)
  public void cold() throws InterruptedException {
    cold.start(NOOP).join();
  }

  @Benchmark
  @Warmup(iterations = 2, time = 3)
  @Measurement(iterations = 5, time = 4)
  public void warm() throws InterruptedException {
    warm.start(NOOP).join();
  }

  @Benchmark
  @Warmup(iterations = 2, time = 3)
  @Measurement(iterations = 5, time = 4)
  public void warmLambda() throws InterruptedException {
    warm.start(LAMBDA).join();
  }
}
