package dev.multitask.bench;

import dev.multitask.Context;
import dev.multitask.Multitask;
import dev.multitask.ProcessOptions;
import dev.multitask.shared.SharedMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One operation on a manager's dict by one thread, nobody else using it: {@code get} and {@code
 * put} of a {@code Long} under one of 1000 string keys, picked at random.
 *
 * <ul>
 *   <li>{@code backend = processes}: the dict in shared memory ({@code Multitask.processes()}).
 *   <li>{@code backend = threads}: the threads backend's dict (a {@code LinkedHashMap} behind a
 *       lock).
 * </ul>
 *
 * <p>Between processes: {@link ManagerAcrossProcesses}; CPython: {@code
 * bench/python/manager_dict.py}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(
    value = 1,
    jvmArgs = {"--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@State(Scope.Benchmark)
public class ManagerBenchmark {
  static final int KEYS = 1000;

  @Param({"processes", "threads"})
  public String backend;

  private Context ctx;
  private SharedMap<String, Long> dict;
  private final String[] keys = new String[KEYS];

  @Setup(Level.Trial)
  public void open() {
    ctx =
        backend.equals("processes")
            ? Multitask.processes(ProcessOptions.defaults().standby(0))
            : Multitask.threads();
    dict = ctx.manager().dict();
    for (int i = 0; i < KEYS; i++) {
      keys[i] = "key" + i;
      dict.put(keys[i], (long) i);
    }
  }

  @TearDown(Level.Trial)
  public void close() {
    ctx.close();
  }

  @Benchmark
  public Long get() {
    return dict.get(keys[ThreadLocalRandom.current().nextInt(KEYS)]);
  }

  @Benchmark
  public Long put() {
    int i = ThreadLocalRandom.current().nextInt(KEYS);
    return dict.put(keys[i], (long) i);
  }
}
