package dev.multitask.bench.cluster;

import dev.multitask.Context;
import dev.multitask.Multitask;
import dev.multitask.ipc.Queue;
import dev.multitask.pool.Pool;
import dev.multitask.redis.LocalRedis;
import dev.multitask.sync.Lock;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.redisson.Redisson;
import org.redisson.api.RBlockingQueue;
import org.redisson.api.RExecutorService;
import org.redisson.api.RLock;
import org.redisson.api.RedissonClient;
import org.redisson.api.WorkerOptions;
import org.redisson.config.Config;

/**
 * The cluster context side by side with Redisson on one local Redis, in one run: trivial tasks
 * through 2 cluster workers vs Redisson's {@code RExecutorService} with 2 workers vs the local
 * process pool; queue messages/s vs {@code RBlockingQueue}; lock acquire+release vs {@code RLock};
 * the time until a SIGKILLed worker's task is done by another. Not JMH: each side needs its own
 * server and worker JVMs; each figure is the best of three rounds.
 *
 * <pre>./mvnw -q -B -DskipTests -pl bench -am package
 * java --enable-native-access=ALL-UNNAMED -cp bench/target/benchmarks.jar \
 *     dev.multitask.bench.cluster.ClusterBench [tasks=2000] [messages=20000] [locks=5000]</pre>
 *
 * <p>Each figure is printed for people and as a JSON line ({@code {"name": "cluster.tasks",
 * "per_s": ...}}, {@code {"name": "cluster.recovery", "seconds": ...}}), which {@code
 * bench/python/report.py} reads as its seventh argument.
 */
public final class ClusterBench {
  private ClusterBench() {}

  /** A trivial task for Redisson's executor. */
  public static final class Trivial implements Callable<Integer>, Serializable {
    private static final long serialVersionUID = 1L;
    private final int i;

    /**
     * @param i the input
     */
    public Trivial(int i) {
      this.i = i;
    }

    @Override
    public Integer call() {
      return i + 1;
    }
  }

  public static void main(String[] args) throws Exception {
    int tasks = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
    int messages = args.length > 1 ? Integer.parseInt(args[1]) : 20_000;
    int locks = args.length > 2 ? Integer.parseInt(args[2]) : 5000;
    try (LocalRedis redis = LocalRedis.start()) {
      List<Process> workers = new ArrayList<>();
      for (int i = 1; i <= 2; i++) {
        workers.add(startWorker(redis.url(), "bench-w" + i));
      }
      Config config = new Config();
      config.useSingleServer().setAddress(redis.url());
      RedissonClient redisson = Redisson.create(config);
      try (Context ctx = Multitask.cluster(redis.url())) {
        report(
            "cluster.tasks",
            "tasks/s, cluster (2 workers x 2)",
            best(() -> clusterTasks(ctx, tasks), tasks));
        report(
            "redisson.tasks",
            "tasks/s, Redisson RExecutorService (2 workers)",
            best(() -> redissonTasks(redisson, tasks), tasks));
        try (Context local = Multitask.processes()) {
          report(
              "local.tasks",
              "tasks/s, local process pool (4)",
              best(() -> localTasks(local, tasks), tasks));
        }
        report(
            "cluster.queue",
            "queue msgs/s, cluster",
            best(() -> clusterQueue(ctx, messages), messages));
        report(
            "redisson.queue",
            "queue msgs/s, Redisson RBlockingQueue",
            best(() -> redissonQueue(redisson, messages), messages));
        report(
            "cluster.lock",
            "lock acquire+release/s, cluster",
            best(() -> clusterLock(ctx, locks), locks));
        report(
            "redisson.lock",
            "lock acquire+release/s, Redisson RLock",
            best(() -> redissonLock(redisson, locks), locks));
        double recovery = recovery(ctx, redis.url()) / 1e9;
        System.out.printf("recovery after a worker's SIGKILL: %.2f s%n", recovery);
        System.out.printf(
            java.util.Locale.ROOT,
            "{\"name\": \"cluster.recovery\", \"seconds\": %.3f}%n",
            recovery);
      } finally {
        redisson.shutdown();
        for (Process w : workers) {
          w.destroy();
          w.waitFor(10, TimeUnit.SECONDS);
        }
      }
    }
  }

  private interface Run {
    long nanos() throws Exception;
  }

  private static double best(Run run, int ops) throws Exception {
    long best = Long.MAX_VALUE;
    for (int round = 0; round < 3; round++) {
      best = Math.min(best, run.nanos());
    }
    return ops / (best / 1e9);
  }

  /** Prints a figure for people, then as a JSON line for bench/python/report.py. */
  private static void report(String name, String what, double perSecond) {
    System.out.printf("%-48s %,12.0f%n", what, perSecond);
    System.out.printf(
        java.util.Locale.ROOT, "{\"name\": \"%s\", \"per_s\": %.1f}%n", name, perSecond);
  }

  private static long clusterTasks(Context ctx, int n) throws Exception {
    Pool pool = ctx.pool(32);
    long t0 = System.nanoTime();
    List<java.util.concurrent.CompletableFuture<Integer>> fs = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int x = i;
      fs.add(pool.submit(() -> x + 1));
    }
    for (var f : fs) {
      f.get();
    }
    long t = System.nanoTime() - t0;
    pool.close();
    return t;
  }

  private static long localTasks(Context ctx, int n) throws Exception {
    try (Pool pool = ctx.pool(4)) {
      long t0 = System.nanoTime();
      List<java.util.concurrent.CompletableFuture<Integer>> fs = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        int x = i;
        fs.add(pool.submit(() -> x + 1));
      }
      for (var f : fs) {
        f.get();
      }
      return System.nanoTime() - t0;
    }
  }

  private static long redissonTasks(RedissonClient redisson, int n) throws Exception {
    RExecutorService executor = redisson.getExecutorService("bench");
    executor.registerWorkers(WorkerOptions.defaults().workers(2));
    long t0 = System.nanoTime();
    List<Future<Integer>> fs = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      fs.add(executor.submit(new Trivial(i)));
    }
    for (var f : fs) {
      f.get();
    }
    return System.nanoTime() - t0;
  }

  private static long clusterQueue(Context ctx, int n) throws Exception {
    Queue<Integer> q = ctx.queue();
    long t0 = System.nanoTime();
    Thread producer =
        Thread.ofPlatform()
            .start(
                () -> {
                  try {
                    for (int i = 0; i < n; i++) {
                      q.put(i);
                    }
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                });
    for (int i = 0; i < n; i++) {
      q.take();
    }
    producer.join();
    return System.nanoTime() - t0;
  }

  private static long redissonQueue(RedissonClient redisson, int n) throws Exception {
    RBlockingQueue<Integer> q = redisson.getBlockingQueue("bench-q-" + System.nanoTime());
    long t0 = System.nanoTime();
    Thread producer =
        Thread.ofPlatform()
            .start(
                () -> {
                  for (int i = 0; i < n; i++) {
                    q.add(i);
                  }
                });
    for (int i = 0; i < n; i++) {
      q.take();
    }
    producer.join();
    return System.nanoTime() - t0;
  }

  private static long clusterLock(Context ctx, int n) {
    Lock lock = ctx.lock();
    long t0 = System.nanoTime();
    for (int i = 0; i < n; i++) {
      lock.lock();
      lock.unlock();
    }
    return System.nanoTime() - t0;
  }

  private static long redissonLock(RedissonClient redisson, int n) {
    RLock lock = redisson.getLock("bench-lock");
    long t0 = System.nanoTime();
    for (int i = 0; i < n; i++) {
      lock.lock();
      lock.unlock();
    }
    return System.nanoTime() - t0;
  }

  /** From the SIGKILL of the worker running a task to that task's result, run by another. */
  private static long recovery(Context ctx, String url) throws Exception {
    Process victim = startWorker(url, "bench-victim");
    Thread.sleep(3000);
    try (Pool pool = ctx.pool(8)) {
      var pid = ctx.<Long>queue();
      List<java.util.concurrent.CompletableFuture<Long>> fs = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        fs.add(
            pool.submit(
                () -> {
                  pid.put(ProcessHandle.current().parent().map(ProcessHandle::pid).orElse(-1L));
                  Thread.sleep(2000);
                  return 1L;
                }));
      }
      long victimPid = victim.pid();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (System.nanoTime() < deadline) {
        Long p = pid.poll(1, TimeUnit.SECONDS);
        if (p != null && p == victimPid) {
          break;
        }
      }
      long t0 = System.nanoTime();
      victim.destroyForcibly();
      for (var f : fs) {
        f.get();
      }
      return System.nanoTime() - t0;
    }
  }

  private static Process startWorker(String url, String name) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    return new ProcessBuilder(
            java,
            "--enable-native-access=ALL-UNNAMED",
            "-cp",
            System.getProperty("java.class.path"),
            "dev.multitask.redis.worker.WorkerMain",
            "--redis",
            url,
            "--name",
            name,
            "--concurrency",
            "2",
            "--lifeline")
        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .redirectError(ProcessBuilder.Redirect.INHERIT)
        .redirectInput(ProcessBuilder.Redirect.PIPE)
        .start();
  }
}
