package dev.multitask.bench;

import dev.multitask.ProcessOptions;
import dev.multitask.process.WorkerSession;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Round trip of a tiny task over a worker's control channel: the task is sent, run in the child
 * JVM, and its result sent back. Python's nearest equivalents are {@code
 * ProcessPoolExecutor(1).submit(f).result()} and {@code Pool(1).apply(f)}.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(
    value = 1,
    jvmArgs = {"--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@State(Scope.Benchmark)
public class ControlChannelBenchmark {
  private static final AnswerTask ANSWER = new AnswerTask();
  private WorkerSession session;

  @Setup
  public void open() throws InterruptedException {
    session = WorkerSession.open(ProcessOptions.defaults());
  }

  @TearDown
  public void close() {
    session.close();
  }

  @Benchmark
  public Integer roundTrip() throws InterruptedException {
    return session.call(ANSWER);
  }
}
