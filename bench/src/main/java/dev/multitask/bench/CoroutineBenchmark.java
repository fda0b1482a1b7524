package dev.multitask.bench;

import dev.multitask.coro.AsyncLock;
import dev.multitask.coro.AsyncQueue;
import dev.multitask.coro.Coroutine;
import dev.multitask.coro.Coroutines;
import dev.multitask.coro.EventLoop;
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
 * The coroutines issue's throughput cases, on one event loop (one coroutine at a time), each beside
 * a case of {@code bench/python/coroutines.py}:
 *
 * <ul>
 *   <li>{@code spawnJoin}: the main coroutine spawns {@value #SPAWNS} coroutines that return at
 *       once and gathers them; time per spawn+join. Compare with {@code python.coro.spawn_join}
 *       ({@code create_task} + {@code gather}).
 *   <li>{@code pingPong}: two coroutines pass a number back and forth through two {@link
 *       AsyncQueue}s; time per round trip. Compare with {@code python.coro.queue_pingpong} ({@code
 *       asyncio.Queue}).
 *   <li>{@code lockInTurn}: the main coroutine holds an {@link AsyncLock}, spawns {@value #LOCKERS}
 *       coroutines that each lock it, add 1 and unlock, lets them all queue up, and releases it;
 *       they take it in turn. Time per hand-over. Compare with {@code python.coro.lock_in_turn}
 *       ({@code asyncio.Lock}).
 * </ul>
 *
 * <p>Each invocation is one {@code loop.run(...)} on a loop kept for the trial; the per-case
 * numbers of operations make an invocation last milliseconds, so its set-up is noise.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(
    value = 1,
    jvmArgs = {"--enable-native-access=ALL-UNNAMED"})
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@State(Scope.Benchmark)
public class CoroutineBenchmark {
  static final int SPAWNS = 100_000;
  static final int ROUND_TRIPS = 10_000;
  static final int LOCKERS = 10_000;

  private EventLoop loop;

  @Setup(Level.Trial)
  public void open() {
    loop = EventLoop.create();
  }

  @TearDown(Level.Trial)
  public void close() {
    loop.close();
  }

  @Benchmark
  @OperationsPerInvocation(SPAWNS)
  public int spawnJoin() {
    return loop.run(
        () -> {
          List<Coroutine<Integer>> all = new ArrayList<>(SPAWNS);
          for (int i = 0; i < SPAWNS; i++) {
            int x = i;
            all.add(Coroutines.spawn(() -> x));
          }
          return Coroutines.gather(all).size();
        });
  }

  @Benchmark
  @OperationsPerInvocation(ROUND_TRIPS)
  public int pingPong() {
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
  @OperationsPerInvocation(LOCKERS)
  public int lockInTurn() {
    return loop.run(
        () -> {
          AsyncLock lock = new AsyncLock();
          int[] count = new int[1];
          lock.lock();
          List<Coroutine<Void>> all = new ArrayList<>(LOCKERS);
          for (int i = 0; i < LOCKERS; i++) {
            all.add(
                Coroutines.spawn(
                    () -> {
                      lock.lock();
                      count[0]++;
                      lock.unlock();
                    }));
          }
          Coroutines.yield(); // every locker runs to its lock() and queues up
          lock.unlock();
          Coroutines.gather(all);
          return count[0];
        });
  }
}
