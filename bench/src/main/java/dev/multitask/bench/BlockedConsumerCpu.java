package dev.multitask.bench;

import dev.multitask.Context;
import dev.multitask.Job;
import dev.multitask.Multitask;
import dev.multitask.ipc.Queue;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The CPU a consumer uses while blocked in {@code take()} on an empty process queue: a child job
 * takes one warm-up element, then blocks in {@code take()} for {@code seconds} (argument, default
 * 10) until this process puts a second one. The child reads its CPU time before and after that
 * {@code take()}: of the taking thread ({@code /proc/thread-self/stat}) and of its whole JVM
 * ({@code /proc/self/stat}, which adds the JIT, GC and the worker's own threads; context only).
 * Compare with {@code python.queue.blocked_consumer_cpu} from {@code
 * bench/python/pipe_and_blocking.py}, which measures the whole Python process (it has no JIT or GC
 * threads).
 *
 * <p>Not a JMH benchmark: one long wait is the measurement. Prints one JSON line: {@code {"name":
 * "multitask.queue.blocked_consumer_cpu", "cpu_ms": ..., "process_cpu_ms": ..., "blocked_s": ...}}.
 * Resolution: one clock tick, 10 ms ({@code /proc} reports {@code USER_HZ} = 100 on Linux).
 *
 * <p>Usage: {@code java --enable-native-access=ALL-UNNAMED -cp benchmarks.jar
 * dev.multitask.bench.BlockedConsumerCpu [seconds]}
 */
public final class BlockedConsumerCpu {
  private static final long MS_PER_TICK = 10;

  private BlockedConsumerCpu() {}

  /**
   * Runs the measurement.
   *
   * @param args optionally, how many seconds the consumer stays blocked
   * @throws Exception if the child cannot be started or fails, or a wait is interrupted
   */
  public static void main(String[] args) throws Exception {
    double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 10;
    try (Context ctx = Multitask.processes()) {
      Queue<String> q = ctx.queue();
      Queue<String> ready = ctx.queue();
      Job<long[]> consumer = ctx.start(() -> blockedTake(q, ready));
      q.put("warm");
      ready.take();
      Thread.sleep((long) (seconds * 1000));
      q.put("wake");
      long[] r = consumer.result();
      System.out.println(
          String.format(
              Locale.ROOT,
              "{\"name\": \"multitask.queue.blocked_consumer_cpu\", \"cpu_ms\": %d, \"process_cpu_ms\": %d, \"blocked_s\": %.3f}",
              r[0] * MS_PER_TICK,
              r[1] * MS_PER_TICK,
              r[2] / 1e9));
    }
  }

  /**
   * In the child: returns the thread's and the process's CPU ticks and the wall nanoseconds across
   * one blocked take.
   */
  private static long[] blockedTake(Queue<String> q, Queue<String> ready) throws Exception {
    q.take(); // the take path has run once before timing, as Python's warm-up get()
    ready.put("ready");
    long thread0 = cpuTicks("/proc/thread-self/stat");
    long process0 = cpuTicks("/proc/self/stat");
    long t0 = System.nanoTime();
    q.take();
    long t1 = System.nanoTime();
    long thread1 = cpuTicks("/proc/thread-self/stat");
    long process1 = cpuTicks("/proc/self/stat");
    return new long[] {thread1 - thread0, process1 - process0, t1 - t0};
  }

  /** utime + stime (fields 14 and 15) of a /proc stat file, in clock ticks. */
  private static long cpuTicks(String file) throws IOException {
    String stat = Files.readString(Path.of(file));
    // the command name (field 2) may hold spaces: count fields from after its closing parenthesis
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
  }
}
