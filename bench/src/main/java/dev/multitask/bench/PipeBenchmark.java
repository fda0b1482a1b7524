package dev.multitask.bench;

import dev.multitask.Context;
import dev.multitask.Job;
import dev.multitask.Multitask;
import dev.multitask.ipc.Connection;
import dev.multitask.ipc.EndOfStreamException;
import dev.multitask.ipc.Pipe;
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
 * Round trip of a small message over a duplex process pipe ({@code ctx.pipe()}): the benchmark
 * sends an {@code Integer} on the left end, a child JVM receives it on the right end and sends it
 * back. Compare with {@code python.pipe.pingpong}: {@code conn.send(i); conn.recv()} against a
 * child echoing on the other end of {@code multiprocessing.Pipe()}.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(
    value = 1,
    jvmArgs = {"--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@State(Scope.Benchmark)
public class PipeBenchmark {
  private Context ctx;
  private Connection<Integer> left;
  private Job<Void> echo;
  private int i;

  @Setup(Level.Trial)
  public void open() throws InterruptedException {
    ctx = Multitask.processes();
    Pipe<Integer> pipe = ctx.pipe();
    left = pipe.left();
    echo = startEcho(ctx, pipe.right());
    left.send(-1); // returns once the child is up and echoing
    left.recv();
  }

  @TearDown(Level.Trial)
  public void close() throws InterruptedException {
    left.close(); // the child's recv then throws EndOfStreamException, ending its loop
    if (!echo.join(Duration.ofSeconds(30))) {
      echo.kill();
    }
    ctx.close();
  }

  @Benchmark
  public Integer pingPong() throws InterruptedException {
    left.send(i++);
    return left.recv();
  }

  // a static method, so that the job captures the connection alone (JMH state is not serializable)
  private static Job<Void> startEcho(Context ctx, Connection<Integer> right) {
    return ctx.start(
        () -> {
          try {
            while (true) {
              right.send(right.recv());
            }
          } catch (EndOfStreamException e) {
            // the benchmark closed its end
          }
        });
  }
}
