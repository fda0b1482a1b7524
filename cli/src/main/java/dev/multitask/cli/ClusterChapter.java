package dev.multitask.cli;

import dev.multitask.Context;
import dev.multitask.Multitask;
import dev.multitask.pool.Pool;
import dev.multitask.redis.FencedLock;
import dev.multitask.redis.LocalCluster;
import dev.multitask.shared.SharedLong;
import dev.multitask.shared.SharedLongArray;
import dev.multitask.sync.Lock;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * Chapter 8: the cluster. The same {@code Context} code runs on worker JVMs coordinated by a Redis
 * server: the chapter starts a {@code redis-server} of its own on a free loopback port and two
 * worker JVMs ({@link LocalCluster}), runs a pool's map on them, SIGKILLs a third worker in the
 * middle of a map and shows that every result still arrives (at least once), and takes a lock whose
 * fencing token grows. Where {@code redis-server} is not installed, it says how to install it and
 * ends.
 */
final class ClusterChapter implements Chapter {
  private static final int ITEMS = 40;
  private static final int CHAOS_ITEMS = 400;

  @Override
  public String name() {
    return "cluster";
  }

  @Override
  public String title() {
    return "cluster: the same code on worker JVMs, coordinated by Redis";
  }

  @Override
  public void run(PrintWriter out) throws Exception {
    out.println(
        "Multitask.cluster(\"redis://host:port\") is a Context like processes(): its jobs and pool");
    out.println(
        "tasks run on worker JVMs ('multitask worker --redis URL' on each machine), its queues,");
    out.println("locks and values live in Redis. Celery and Ray work this way for Python.");
    out.println();
    if (!LocalCluster.available()) {
      out.println("This chapter needs a redis-server on this machine, and there is none.");
      out.println("Install it, then run 'multitask tour --chapter cluster' again:");
      out.println("  Debian, Ubuntu:  sudo apt-get install redis-server");
      out.println("  Fedora:          sudo dnf install redis");
      out.println("  macOS:           brew install redis");
      out.flush();
      return;
    }
    out.println("Starting a redis-server on a free loopback port and two worker JVMs...");
    out.flush();
    try (LocalCluster cluster = LocalCluster.start(2, 2)) {
      if (!cluster.awaitWorkers(Duration.ofMinutes(2))) {
        throw new IllegalStateException("the tour's workers did not join " + cluster);
      }
      out.println("cluster: " + cluster.url() + ", workers w1 and w2 (2 child JVMs each)");
      out.println();
      out.flush();
      try (Context ctx = Multitask.cluster(cluster.url())) {
        map(out, ctx);
        workerKilled(out, ctx, cluster);
        fencing(out, ctx);
      }
    }
  }

  private static void map(PrintWriter out, Context ctx) throws Exception {
    try (Pool pool = ctx.pool(4)) {
      List<Long> pids =
          pool.map(
              i -> Multitask.currentProcess().pid(), IntStream.range(0, ITEMS).boxed().toList());
      Set<Long> distinct = new HashSet<>(pids);
      out.println("pool.map over " + ITEMS + " items: " + pids.size() + " results, in order,");
      out.println(
          "computed in "
              + distinct.size()
              + " child JVMs of the workers (pid "
              + ProcessHandle.current().pid()
              + " is this one).");
      out.println();
      out.flush();
    }
  }

  private static void workerKilled(PrintWriter out, Context ctx, LocalCluster cluster)
      throws Exception {
    out.println("A third worker joins; once a quarter of a " + CHAOS_ITEMS + "-item map is done,");
    out.println("it is killed with SIGKILL. Its tasks in flight come back to the queue when its");
    out.println("heartbeat expires (10 s) and run on the others: delivery is at least once.");
    out.flush();
    Process victim = cluster.startWorker("victim", 2);
    try {
      SharedLongArray runs = ctx.sharedLongArray(CHAOS_ITEMS);
      SharedLong begun = ctx.sharedLong(0);
      long start = System.nanoTime();
      List<Integer> results;
      try (Pool pool = ctx.pool(8)) {
        var pending =
            pool.mapAsync(
                i -> {
                  runs.addAndGet(i, 1);
                  begun.addAndGet(1);
                  Thread.sleep(10);
                  return i;
                },
                IntStream.range(0, CHAOS_ITEMS).boxed().toList(),
                4);
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (begun.get() < CHAOS_ITEMS / 4 && System.nanoTime() < deadline) {
          Thread.sleep(20);
        }
        victim.destroyForcibly();
        victim.waitFor();
        results = pending.get();
      }
      long twice = 0;
      for (long n : runs.toArray()) {
        twice += Math.max(0, n - 1);
      }
      boolean all = results.equals(IntStream.range(0, CHAOS_ITEMS).boxed().toList());
      out.println(
          "results: "
              + results.size()
              + " of "
              + CHAOS_ITEMS
              + (all ? ", every one, in order" : ", NOT all in order")
              + "; items run twice: "
              + twice
              + "; took "
              + String.format(java.util.Locale.ROOT, "%.1f", (System.nanoTime() - start) / 1e9)
              + " s");
      out.println(
          "Use ClusterTask.id(), the same on every delivery, as the idempotency key of effects");
      out.println("that must happen once.");
      out.println();
      out.flush();
    } finally {
      victim.destroyForcibly();
    }
  }

  private static void fencing(PrintWriter out, Context ctx) throws Exception {
    Lock lock = ctx.lock();
    long first = ctx.start(() -> tokenOf(lock)).result();
    long second = ctx.start(() -> tokenOf(lock)).result();
    out.println(
        "A lock in Redis has a lease, renewed while its holder lives, and a fencing token:");
    out.println("two jobs took it one after the other and got tokens " + first + " and " + second);
    out.println("(each greater than any before: a holder paused past its lease cannot overwrite");
    out.println("what the next one wrote through FencedValue).");
    out.flush();
  }

  private static long tokenOf(Lock lock) {
    lock.lock();
    try {
      return ((FencedLock) lock).fencingToken();
    } finally {
      lock.unlock();
    }
  }
}
