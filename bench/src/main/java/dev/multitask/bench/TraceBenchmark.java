package dev.multitask.bench;

import dev.multitask.Context;
import dev.multitask.Multitask;
import dev.multitask.ProcessOptions;
import dev.multitask.coro.AsyncQueue;
import dev.multitask.coro.Coroutine;
import dev.multitask.coro.Coroutines;
import dev.multitask.coro.EventLoop;
import dev.multitask.pool.Pool;
import dev.multitask.pool.PoolOptions;
import dev.multitask.trace.Recorder;
import dev.multitask.trace.Trace;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What recording a trace costs, off and on ({@code dev.multitask.trace}). Time per operation.
 *
 * <ul>
 *   <li>{@code recordEvent} against {@code baseline}: a lock-wait hook called as the backends call
 *       it, after the same work ({@code System.nanoTime()}, which every wait reads anyway); with
 *       {@code trace=off} the difference is what every blocking path pays when nothing records (one
 *       flag check), with {@code trace=on} what one recorded event costs.
 *   <li>{@code coroutinePingPong}, {@code threadPoolSubmit}, {@code processPoolSubmit}, each with
 *       {@code trace=off} and {@code trace=on}: whole operations whose hot path has a hook in it (a
 *       coroutine hand-over: two per round trip; a pool task's record; for process workers also the
 *       TRACE frame a worker sends ahead of each reply). The difference between the two rows of a
 *       case is the cost of tracing it.
 * </ul>
 *
 * <p>With the trace on, each invocation gets a trace of its own (started and stopped outside the
 * measured time), so that the recorder's buffer never fills and no event is dropped.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(
    value = 1,
    jvmArgs = {"--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@State(Scope.Benchmark)
public class TraceBenchmark {
  static final int EVENTS = 10_000;
  static final int ROUND_TRIPS = 10_000;
  static final int TASKS = 10_000;

  @Param({"off", "on"})
  public String trace;

  private Trace recording;
  private long sink;
  private EventLoop loop;
  private Context threads;
  private Pool threadPool;
  private Context processes;
  private Pool processPool;

  @Setup(Level.Trial)
  public void open() throws InterruptedException, ExecutionException {
    loop = EventLoop.create();
    threads = Multitask.threads();
    threadPool = threads.pool(2);
    processes = Multitask.processes(ProcessOptions.defaults().standby(2));
    PoolBenchmark.awaitStandby(processes);
    processPool = processes.pool(PoolOptions.workers(2).standby(2));
    if (processPool.submit(new AnswerTask()).get() != 42) {
      throw new IllegalStateException("the pool answered wrong");
    }
    PoolBenchmark.awaitStandby(processes);
  }

  @TearDown(Level.Trial)
  public void close() {
    processPool.close();
    processes.close();
    threadPool.close();
    threads.close();
    loop.close();
  }

  /** A trace per invocation when {@code trace=on}: the events of one never fill the buffer. */
  @Setup(Level.Invocation)
  public void startTrace() {
    if (trace.equals("on")) {
      recording = Trace.start();
    }
  }

  @TearDown(Level.Invocation)
  public void stopTrace() {
    if (recording != null) {
      sink += recording.stop().events().size();
      recording = null;
    }
  }

  @Benchmark
  @OperationsPerInvocation(EVENTS)
  public long baseline() {
    long s = 0;
    for (int i = 0; i < EVENTS; i++) {
      s += System.nanoTime();
    }
    return s;
  }

  @Benchmark
  @OperationsPerInvocation(EVENTS)
  public long recordEvent() {
    long s = 0;
    for (int i = 0; i < EVENTS; i++) {
      long start = System.nanoTime();
      s += start;
      Recorder.lockWait("lock@bench (threads)", 1, 1, start);
    }
    return s;
  }

  @Benchmark
  @OperationsPerInvocation(ROUND_TRIPS)
  public int coroutinePingPong() {
    return loop.run(
        () -> {
          AsyncQueue<Integer> ping = new AsyncQueue<>();
          AsyncQueue<Integer> pong = new AsyncQueue<>();
          Coroutine<Void> echo =
              Coroutines.spawn(
                  () -> {
                    for (int i = 0; i < ROUND_TRIPS; i++) {
                      pong.put(ping.take());
                    }
                  });
          int sum = 0;
          for (int i = 0; i < ROUND_TRIPS; i++) {
            ping.put(i);
            sum += pong.take();
          }
          echo.join();
          return sum;
        });
  }

  @Benchmark
  @OperationsPerInvocation(TASKS)
  public long threadPoolSubmit() throws InterruptedException, ExecutionException {
    return submitAll(threadPool);
  }

  @Benchmark
  @OperationsPerInvocation(TASKS)
  public long processPoolSubmit() throws InterruptedException, ExecutionException {
    return submitAll(processPool);
  }

  private static long submitAll(Pool pool) throws InterruptedException, ExecutionException {
    List<CompletableFuture<Integer>> futures = new ArrayList<>(TASKS);
    AnswerTask answer = new AnswerTask();
    for (int i = 0; i < TASKS; i++) {
      futures.add(pool.submit(answer));
    }
    long sum = 0;
    for (CompletableFuture<Integer> f : futures) {
      sum += f.get();
    }
    return sum;
  }

  /** Keeps the recordings' sizes observable, so that nothing is optimised away. */
  @TearDown(Level.Trial)
  public void report() {
    if (sink < 0) {
      throw new IllegalStateException("negative event count");
    }
  }
}
