package dev.multitask.bench;

import dev.multitask.Context;
import dev.multitask.Multitask;
import dev.multitask.ProcessOptions;
import dev.multitask.sync.Lock;
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
 * An uncontended lock: {@code lock(); unlock()} by one thread, nobody else using the lock.
 *
 * <ul>
 *   <li>{@code processLock}: a process lock ({@code Multitask.processes().lock()}: a word in shared
 *       memory). Compare with {@code python.sync.lock_uncontended}, {@code multiprocessing.Lock}'s
 *       {@code acquire(); release()}.
 *   <li>{@code processHold}: the same lock taken by {@code try (var _ = lock.hold()) {}}, Python's
 *       {@code with lock:} ({@code python.sync.lock_uncontended_with}).
 *   <li>{@code threadLock}: a thread context's lock ({@code Multitask.threads().lock()}). Compare
 *       with {@code python.sync.threading_lock_uncontended}, {@code threading.Lock}.
 * </ul>
 *
 * <p>The process context keeps no standby worker, so that no JVM starts beside the measurement.
 * Measurements between processes: {@link SyncAcrossProcesses}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(
    value = 1,
    jvmArgs = {"--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class SyncBenchmark {
  /** A lock of a process context. */
  @State(Scope.Benchmark)
  public static class ProcessLock {
    Context ctx;
    Lock lock;

    @Setup(Level.Trial)
    public void open() {
      ctx = Multitask.processes(ProcessOptions.defaults().standby(0));
      lock = ctx.lock();
    }

    @TearDown(Level.Trial)
    public void close() {
      ctx.close();
    }
  }

  /** A lock of a thread context. */
  @State(Scope.Benchmark)
  public static class ThreadLock {
    Context ctx;
    Lock lock;

    @Setup(Level.Trial)
    public void open() {
      ctx = Multitask.threads();
      lock = ctx.lock();
    }

    @TearDown(Level.Trial)
    public void close() {
      ctx.close();
    }
  }

  @Benchmark
  public void processLock(ProcessLock state) {
    Lock lock = state.lock;
    lock.lock();
    lock.unlock();
  }

  @Benchmark
  public void processHold(ProcessLock state) {
    try (var _ = state.lock.hold()) {
      // held and released: the measurement
    }
  }

  @Benchmark
  public void threadLock(ThreadLock state) {
    Lock lock = state.lock;
    lock.lock();
    lock.unlock();
  }
}
