package dev.multitask.cli;

import dev.multitask.coro.Coroutine;
import dev.multitask.coro.Coroutines;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * The coroutines chapter's measurement: many coroutines that each sleep 1 s against platform
 * threads doing the same, with the time it takes and what each sleeper costs in memory while it
 * sleeps. The platform threads are capped by what this machine allows, so that the tour never
 * exhausts its threads or memory maps; the figure for more is extrapolated and said so.
 */
final class SleeperCost {
  private static final Duration NAP = Duration.ofSeconds(1);

  /**
   * What one run cost.
   *
   * @param count how many sleepers ran
   * @param seconds from the first start to the last join
   * @param bytes the memory they held while all slept
   */
  record Cost(int count, double seconds, long bytes) {
    long perSleeper() {
      return count == 0 ? 0 : bytes / count;
    }
  }

  private SleeperCost() {}

  static void compare(PrintWriter out, int sleepers, int maxThreads) throws Exception {
    int threads = safeThreadCount(maxThreads);
    out.println(
        "Sleeping: "
            + sleepers
            + " coroutines each sleep 1 s, all joined; then "
            + threads
            + " platform threads do the same");
    out.flush();
    Cost coroutines = coroutines(sleepers);
    Cost platform = platformThreads(threads);
    Table table =
        new Table("sleepers", "count", "wall", "memory while asleep", "each")
            .alignRight(1, 2, 3, 4);
    table.row(
        "coroutines",
        Integer.toString(coroutines.count()),
        CoroutinesChapter.seconds(coroutines.seconds()),
        mib(coroutines.bytes()) + " (heap)",
        coroutines.perSleeper() + " B");
    table.row(
        "platform threads",
        Integer.toString(platform.count()),
        CoroutinesChapter.seconds(platform.seconds()),
        mib(platform.bytes()) + " (RSS)",
        platform.perSleeper() / 1024 + " KiB");
    table.print(out);
    out.println(
        "A sleeping coroutine is a parked virtual thread: its few frames are copied to the heap");
    out.println(
        "and no OS thread is held. A platform thread keeps an OS thread, its stack pages and the");
    out.println(
        "kernel's own structures (not in the RSS above): "
            + sleepers
            + " of them would take about "
            + mib(platform.perSleeper() * sleepers));
    out.println(
        "of RSS and "
            + sleepers
            + " OS threads; the tour starts no more than this machine allows safely.");
    out.println();
  }

  private static Cost coroutines(int n) {
    long[] heapAsleep = new long[1];
    long heapBefore = settledHeap();
    long start = System.nanoTime();
    Coroutines.run(
        () -> {
          int[] started = new int[1];
          List<Coroutine<Void>> all = new ArrayList<>(n);
          for (int i = 0; i < n; i++) {
            all.add(
                Coroutines.spawn(
                    () -> {
                      if (++started[0] == n) {
                        heapAsleep[0] =
                            settledHeap(); // the last to start: all the others sleep now
                      }
                      Coroutines.sleep(NAP);
                    }));
          }
          return Coroutines.gather(all);
        });
    double seconds = (System.nanoTime() - start) / 1e9;
    return new Cost(n, seconds, Math.max(0, heapAsleep[0] - heapBefore));
  }

  private static Cost platformThreads(int n) throws Exception {
    long rssBefore = settledRss();
    long heapBefore = committedHeap();
    List<Thread> started = new ArrayList<>(n);
    long start = System.nanoTime();
    long rssAsleep;
    long heapAsleep;
    // each sleeps its second, and also lives until the memory is read: starting them all takes
    // longer than a second, and the first ones had ended (their stacks unmapped). It waits in
    // park, which allocates nothing: a thread that allocates takes a buffer of heap of its own,
    // and 8 191 of those would be counted as the threads' memory
    AtomicBoolean measured = new AtomicBoolean();
    Runnable sleeper =
        () -> {
          nap();
          while (!measured.get()) {
            LockSupport.park(measured);
          }
        };
    try {
      for (int i = 0; i < n; i++) {
        started.add(Thread.ofPlatform().daemon().start(sleeper));
      }
    } catch (OutOfMemoryError noMoreThreads) {
      // the OS refused a thread: the table shows how many ran
    } finally {
      rssAsleep = rss();
      heapAsleep = committedHeap();
      measured.set(true);
      started.forEach(LockSupport::unpark);
      for (Thread t : started) {
        t.join();
      }
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    // what the collector gave back to the OS meanwhile is not the threads' saving: add it back
    // (a heap that grows instead commits pages it has not touched, which are not resident)
    long threads = (rssAsleep - rssBefore) + Math.max(0, heapBefore - heapAsleep);
    return new Cost(started.size(), seconds, Math.max(0, threads));
  }

  /** The heap's memory committed now: what the collector has not given back to the OS. */
  private static long committedHeap() {
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getCommitted();
  }

  private static void nap() {
    try {
      Thread.sleep(NAP);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The most platform threads the tour starts: the cap, a quarter of each limit the OS sets. */
  static int safeThreadCount(int cap) {
    long limit = cap;
    limit = Math.min(limit, quarter(readLong(Path.of("/proc/sys/kernel/threads-max"))));
    limit = Math.min(limit, quarter(readLong(Path.of("/proc/sys/vm/max_map_count")) / 2));
    limit = Math.min(limit, quarter(maxProcesses()));
    return (int) Math.max(100, limit);
  }

  private static long quarter(long value) {
    return value <= 0 ? Long.MAX_VALUE : value / 4;
  }

  private static long readLong(Path file) {
    try {
      // readAllLines, not readString: /proc files report a size that readString trusts and cuts at
      return Long.parseLong(Files.readAllLines(file).getFirst().trim());
    } catch (IOException | NumberFormatException | java.util.NoSuchElementException e) {
      return -1; // not Linux, or not readable: no limit from this file
    }
  }

  private static long maxProcesses() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/limits"))) {
        if (line.startsWith("Max processes")) {
          String soft = line.substring("Max processes".length()).trim().split("\\s+")[0];
          return soft.equals("unlimited") ? -1 : Long.parseLong(soft);
        }
      }
    } catch (IOException | NumberFormatException e) {
      return -1; // not Linux: no limit known
    }
    return -1;
  }

  /** The heap in use after a full collection. */
  private static long settledHeap() {
    Runtime rt = Runtime.getRuntime();
    System.gc();
    return rt.totalMemory() - rt.freeMemory();
  }

  /**
   * The resident set once the coroutines' garbage is collected and (mostly) returned: G1 gives the
   * freed heap back to the OS in the background, and while it did, the threads' RSS came out as
   * less than nothing (283 MiB before them, 182 MiB while they slept). What it still gives back
   * while they sleep is added back from the committed heap's change.
   */
  private static long settledRss() throws InterruptedException {
    settledHeap();
    long last = rss();
    for (int i = 0; i < 30; i++) {
      Thread.sleep(100);
      long now = rss();
      if (Math.abs(now - last) < 512 * 1024) {
        return now;
      }
      last = now;
    }
    return last;
  }

  /** This process's resident set, from /proc; 0 where there is none. */
  private static long rss() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
        }
      }
    } catch (IOException | NumberFormatException e) {
      return 0; // not Linux: the table then shows 0
    }
    return 0;
  }

  private static String mib(long bytes) {
    return String.format(Locale.ROOT, "%.1f MiB", bytes / 1048576.0);
  }
}
