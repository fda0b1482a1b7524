package dev.multitask.bench;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The floor under {@link CoroutineSleepers}: {@code n} plain JDK virtual threads (default 1 000
 * 000), each sleeping 1 s, all joined, with no multitask code at all. A coroutine is a virtual
 * thread (plus its loop's baton and its {@code Coroutine}), so this is the least the coroutine case
 * can take on this JVM and machine. The same cases, each a fresh JVM with default flags, printing
 * one JSON line named {@code jdk.vthread.sleepers.<case>}: {@code as_run} (no warm-up), {@code
 * --steady} (after the same round as a warm-up) and {@code --heap} (bytes allocated per thread over
 * a round, and heap per parked thread), with the same fields as {@link CoroutineSleepers}'; and
 * {@code --split}, the same phases as there ({@code spawn_ms} is the loop starting the threads).
 *
 * <p>Usage: {@code java -cp benchmarks.jar dev.multitask.bench.VirtualThreadSleepers [n] [--steady
 * | --heap | --split]}
 */
public final class VirtualThreadSleepers {
  private VirtualThreadSleepers() {}

  /**
   * Runs the case and prints its JSON line.
   *
   * @param args optionally the number of threads, and {@code --steady} or {@code --heap}
   * @throws Exception if /proc cannot be read or a join is interrupted
   */
  public static void main(String[] args) throws Exception {
    CoroutineSleepers.Options o = CoroutineSleepers.Options.parse(args);
    String name = "jdk.vthread.sleepers." + o.mode;
    Duration nap = Duration.ofSeconds(1);
    if (o.mode.equals(CoroutineSleepers.Options.HEAP)) {
      round(Math.max(1, o.n / 10), Duration.ofMillis(50));
      long allocated = CoroutineSleepers.allocatedBytes();
      round(o.n, nap);
      allocated = CoroutineSleepers.allocatedBytes() - allocated;
      System.out.println(CoroutineSleepers.heapLine(name, o.n, allocated, parkedHeap(o.n)));
      return;
    }
    if (o.mode.equals(CoroutineSleepers.Options.SPLIT)) {
      round(o.n, nap);
      System.out.println(split(o.n, nap, name));
      return;
    }
    if (o.mode.equals(CoroutineSleepers.Options.STEADY)) {
      round(o.n, nap);
    }
    long start = System.nanoTime();
    round(o.n, nap);
    long wall = System.nanoTime() - start;
    System.out.println(CoroutineSleepers.timedLine(name, o.n, wall));
  }

  private static void round(int n, Duration nap) throws InterruptedException {
    Thread[] all = new Thread[n];
    Runnable sleeper =
        () -> {
          try {
            Thread.sleep(nap);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        };
    for (int i = 0; i < n; i++) {
      all[i] = Thread.ofVirtual().start(sleeper);
    }
    for (Thread t : all) {
      t.join();
    }
  }

  /** A round with the phases' times noted, as {@code CoroutineSleepers --split}. */
  private static String split(int n, Duration nap, String name) throws InterruptedException {
    long[] t = new long[5];
    AtomicLong lastStarted = new AtomicLong();
    AtomicLong firstWoken = new AtomicLong();
    AtomicLong lastWoken = new AtomicLong();
    Runnable sleeper =
        () -> {
          lastStarted.accumulateAndGet(System.nanoTime(), Math::max);
          try {
            Thread.sleep(nap);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          long now = System.nanoTime();
          firstWoken.compareAndSet(0, now);
          lastWoken.accumulateAndGet(now, Math::max);
        };
    CoroutineSleepers.Stopwatch watch = CoroutineSleepers.Stopwatch.begin();
    Thread[] all = new Thread[n];
    for (int i = 0; i < n; i++) {
      all[i] = Thread.ofVirtual().start(sleeper);
    }
    t[0] = System.nanoTime();
    for (Thread th : all) {
      th.join();
    }
    t[4] = System.nanoTime();
    t[1] = lastStarted.get();
    t[2] = firstWoken.get();
    t[3] = lastWoken.get();
    return watch.line(name, n, t);
  }

  /** The heap {@code n} parked sleepers keep alive; they are interrupted once it is measured. */
  private static long parkedHeap(int n) throws InterruptedException {
    long before = CoroutineSleepers.settledHeap();
    AtomicInteger started = new AtomicInteger();
    Runnable sleeper =
        () -> {
          started.incrementAndGet();
          try {
            Thread.sleep(Duration.ofMinutes(10));
          } catch (InterruptedException e) {
            // the probe has measured: interrupting is how it ends the sleepers
          }
        };
    Thread[] all = new Thread[n];
    for (int i = 0; i < n; i++) {
      all[i] = Thread.ofVirtual().start(sleeper);
    }
    while (started.get() < n) {
      Thread.sleep(20);
    }
    Thread.sleep(200); // the last ones reach their sleep
    long during = CoroutineSleepers.settledHeap();
    for (Thread t : all) {
      t.interrupt();
    }
    for (Thread t : all) {
      t.join();
    }
    return (during - before) / n;
  }
}
