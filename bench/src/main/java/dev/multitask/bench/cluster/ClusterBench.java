package dev.multitask.bench.cluster;

import dev.multitask.Context;
import dev.multitask.Multitask;
import dev.multitask.ipc.Queue;
import dev.multitask.pool.Pool;
import dev.multitask.redis.LocalCluster;
import dev.multitask.redis.LocalRedis;
import dev.multitask.sync.Lock;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
 * server and worker JVMs.
 *
 * <pre>./mvnw -q -B -DskipTests -pl bench -am package
 * java --enable-native-access=ALL-UNNAMED -cp bench/target/benchmarks.jar \
 *     dev.multitask.bench.cluster.ClusterBench [tasks=5000] [messages=20000] [locks=5000] \
 *     [rounds=3] [recovery=true] [comparisons=tasks,queue,lock]</pre>
 *
 * <p>Fair to both sides: everything that is set up once in a real program is set up once, outside
 * the timed part: the cluster's workers and their child JVMs, Redisson's executor workers
 * (registered once), and the local process pool, whose 4 child JVMs are started and warmed before
 * the first round (its row is a warm pool's). Each side runs for a while first (20 s for tasks, 5 s
 * for the others), so that every JVM it uses has compiled its code. The rounds alternate the sides
 * of each comparison (A B, then B A), so a machine whose load drifts tilts neither; each round
 * prints its ratios, and each figure is the best of its rounds.
 *
 * <p>Each timed run also counts the commands the server ran ({@code INFO commandstats} before and
 * after, read with {@code redis-cli}), per task, message or lock operation: what each operation
 * costs in round trips. The workers' and clients' background traffic (heartbeats, about a dozen
 * commands a second) is counted too, a few hundredths per operation.
 *
 * <p>Each figure is printed for people and as a JSON line ({@code {"name": "cluster.tasks",
 * "per_s": ..., "calls_per_op": ...}}, {@code {"name": "cluster.recovery", "seconds": ...}}), which
 * {@code bench/python/report.py} reads as its seventh argument.
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
    int tasks = args.length > 0 ? Integer.parseInt(args[0]) : 5000;
    int messages = args.length > 1 ? Integer.parseInt(args[1]) : 20_000;
    int locks = args.length > 2 ? Integer.parseInt(args[2]) : 5000;
    int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 3;
    boolean recovery = args.length <= 4 || Boolean.parseBoolean(args[4]);
    String only = args.length > 5 ? args[5] : "tasks,queue,lock";
    try (LocalRedis redis = LocalRedis.start()) {
      List<Process> workers = new ArrayList<>();
      for (int i = 1; i <= 2; i++) {
        workers.add(startWorker(redis.url(), "bench-w" + i));
      }
      Config config = new Config();
      config.useSingleServer().setAddress(redis.url());
      RedissonClient redisson = Redisson.create(config);
      try (Context ctx = Multitask.cluster(redis.url());
          Context local = Multitask.processes();
          Pool localPool = local.pool(4)) {
        RExecutorService executor = redisson.getExecutorService("bench");
        executor.registerWorkers(WorkerOptions.defaults().workers(2));
        Calls calls = new Calls(redis.port());
        Cpu cpu = new Cpu(redis.pid(), workers);
        List<List<Side>> all =
            List.of(
                List.of(
                    new Side(
                        "cluster.tasks",
                        "tasks/s, cluster (2 workers x 2)",
                        tasks,
                        () -> clusterTasks(ctx, tasks)),
                    new Side(
                        "redisson.tasks",
                        "tasks/s, Redisson RExecutorService (2 workers)",
                        tasks,
                        () -> redissonTasks(executor, tasks)),
                    new Side(
                        "local.tasks",
                        "tasks/s, local process pool (4, warm)",
                        tasks,
                        () -> localTasks(localPool, tasks))),
                List.of(
                    new Side(
                        "cluster.queue",
                        "queue msgs/s, cluster",
                        messages,
                        () -> clusterQueue(ctx, messages)),
                    new Side(
                        "redisson.queue",
                        "queue msgs/s, Redisson RBlockingQueue",
                        messages,
                        () -> redissonQueue(redisson, messages))),
                List.of(
                    new Side(
                        "cluster.lock",
                        "lock acquire+release/s, cluster",
                        locks,
                        () -> clusterLock(ctx, locks)),
                    new Side(
                        "redisson.lock",
                        "lock acquire+release/s, Redisson RLock",
                        locks,
                        () -> redissonLock(redisson, locks))));
        List<List<Side>> comparisons = new ArrayList<>();
        for (List<Side> sides : all) {
          if (only.contains(sides.get(0).name.substring("cluster.".length()))) {
            comparisons.add(sides);
          }
        }
        // the warm-up: child JVMs started (the workers' and the local pool's) and their code
        // compiled: each side runs long enough for the JIT in every JVM it uses (a few hundred
        // tasks leave the workers' children interpreted, and one side of a round would be measured
        // warm, the other while it compiles)
        if (only.contains("tasks")) {
          warmUp(20, () -> clusterTasks(ctx, tasks));
          warmUp(20, () -> redissonTasks(executor, tasks));
          warmUp(20, () -> localTasks(localPool, tasks));
        }
        if (only.contains("queue")) {
          warmUp(5, () -> clusterQueue(ctx, messages));
          warmUp(5, () -> redissonQueue(redisson, messages));
        }
        if (only.contains("lock")) {
          warmUp(5, () -> clusterLock(ctx, locks));
          warmUp(5, () -> redissonLock(redisson, locks));
        }
        for (int round = 0; round < rounds; round++) {
          StringBuilder ratios = new StringBuilder("round " + (round + 1) + ":");
          for (List<Side> sides : comparisons) {
            List<Side> order = new ArrayList<>(sides);
            if (round % 2 == 1) {
              java.util.Collections.reverse(order);
            }
            for (Side side : order) {
              side.measure(calls, cpu);
            }
            Side ours = sides.get(0);
            for (Side other : sides.subList(1, sides.size())) {
              ratios.append(
                  String.format(
                      java.util.Locale.ROOT,
                      " %s/%s %.2f",
                      ours.name,
                      other.name,
                      ours.lastPerSecond() / other.lastPerSecond()));
            }
          }
          System.out.println(ratios);
        }
        for (List<Side> sides : comparisons) {
          for (Side side : sides) {
            side.report();
          }
        }
        if (recovery) {
          double seconds = recovery(ctx, redis.url()) / 1e9;
          System.out.printf("recovery after a worker's SIGKILL: %.2f s%n", seconds);
          System.out.printf(
              java.util.Locale.ROOT,
              "{\"name\": \"cluster.recovery\", \"seconds\": %.3f}%n",
              seconds);
        }
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

  /**
   * Runs {@code run} for {@code seconds} before the timed rounds. The tasks' sides need the
   * longest: a worker's child JVM compiles its hot paths only after some ten thousand items of its
   * own.
   */
  private static void warmUp(int seconds, Run run) throws Exception {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    do {
      run.nanos();
    } while (System.nanoTime() < end);
  }

  /** One side of a comparison: its rounds' times and its commands per operation. */
  private static final class Side {
    final String name;
    final String what;
    final int ops;
    final Run run;
    long best = Long.MAX_VALUE;
    long last;
    double callsPerOp;
    String breakdown = "";

    /**
     * CPU time per operation in microseconds: this JVM, redis-server, workers, children, others.
     */
    final double[] cpuMicrosPerOp = new double[5];

    Side(String name, String what, int ops, Run run) {
      this.name = name;
      this.what = what;
      this.ops = ops;
      this.run = run;
    }

    void measure(Calls calls, Cpu cpu) throws Exception {
      Map<String, Long> before = calls.read();
      long[] cpuBefore = cpu.read();
      last = run.nanos();
      long[] cpuAfter = cpu.read();
      Map<String, Long> after = calls.read();
      for (int i = 0; i < cpuMicrosPerOp.length; i++) {
        cpuMicrosPerOp[i] = (cpuAfter[i] - cpuBefore[i]) * 10_000.0 / ops; // ticks of 10 ms
      }
      best = Math.min(best, last);
      long total = 0;
      StringBuilder b = new StringBuilder();
      List<Map.Entry<String, Long>> diff = new ArrayList<>();
      for (var e : after.entrySet()) {
        long d = e.getValue() - before.getOrDefault(e.getKey(), 0L);
        if (d > 0) {
          diff.add(Map.entry(e.getKey(), d));
          total += d;
        }
      }
      diff.sort(Map.Entry.<String, Long>comparingByValue().reversed());
      for (var e : diff) {
        if (e.getValue() * 100 >= ops) { // at least 0.01 per operation
          b.append(
              String.format(
                  java.util.Locale.ROOT, " %s %.2f", e.getKey(), e.getValue() / (double) ops));
        }
      }
      callsPerOp = total / (double) ops;
      breakdown = b.toString();
    }

    double lastPerSecond() {
      return ops / (last / 1e9);
    }

    void report() {
      double perSecond = ops / (best / 1e9);
      System.out.printf(
          "%-48s %,12.0f   commands/op %.2f:%s%n", what, perSecond, callsPerOp, breakdown);
      System.out.printf(
          java.util.Locale.ROOT,
          "%-48s CPU us/op (last round): this JVM %.0f, redis-server %.0f, cluster workers %.0f,"
              + " their child JVMs %.0f, local pool's child JVMs %.0f%n",
          "",
          cpuMicrosPerOp[0],
          cpuMicrosPerOp[1],
          cpuMicrosPerOp[2],
          cpuMicrosPerOp[3],
          cpuMicrosPerOp[4]);
      System.out.printf(
          java.util.Locale.ROOT,
          "{\"name\": \"%s\", \"per_s\": %.1f, \"calls_per_op\": %.2f}%n",
          name,
          perSecond,
          callsPerOp);
    }
  }

  /**
   * The CPU time (user + system, in clock ticks of 10 ms, from /proc) of this JVM, redis-server,
   * the cluster's worker JVMs, their descendants (the child JVMs that run the tasks), and this
   * JVM's other descendants (the local pool's child JVMs): where an operation's time goes on a
   * machine whose cores are all busy, where latencies say little. Redisson's workers run in this
   * JVM.
   */
  private record Cpu(long redis, List<Process> workers) {
    long[] read() {
      long[] t = new long[5];
      t[0] = ticks(ProcessHandle.current().pid());
      t[1] = ticks(redis);
      java.util.Set<Long> counted = new java.util.HashSet<>(List.of(redis));
      for (Process w : workers) {
        t[2] += ticks(w.pid());
        counted.add(w.pid());
        for (ProcessHandle child : w.descendants().toList()) {
          t[3] += ticks(child.pid());
          counted.add(child.pid());
        }
      }
      for (ProcessHandle other : ProcessHandle.current().descendants().toList()) {
        if (!counted.contains(other.pid())) {
          t[4] += ticks(other.pid()); // the local process pool's child JVMs
        }
      }
      return t;
    }

    private static long ticks(long pid) {
      try {
        String stat = java.nio.file.Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        // after the command name in parentheses: state is field 3, utime 14, stime 15
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
      } catch (java.io.IOException | RuntimeException e) {
        return 0; // not on Linux, or the process is gone: the column reads 0
      }
    }
  }

  /** The server's count of calls per command, read with redis-cli. */
  private record Calls(int port) {
    Map<String, Long> read() throws Exception {
      Process p =
          new ProcessBuilder("redis-cli", "-p", Integer.toString(port), "info", "commandstats")
              .redirectErrorStream(true)
              .start();
      Map<String, Long> calls = new java.util.TreeMap<>();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      p.waitFor();
      for (String line : out.split("\r?\n")) {
        // cmdstat_evalsha:calls=123,usec=...
        if (line.startsWith("cmdstat_")) {
          int colon = line.indexOf(':');
          int eq = line.indexOf("calls=");
          int comma = line.indexOf(',', eq);
          calls.put(
              line.substring("cmdstat_".length(), colon),
              Long.parseLong(line.substring(eq + "calls=".length(), comma)));
        }
      }
      return calls;
    }
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

  private static long localTasks(Pool pool, int n) throws Exception {
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

  private static long redissonTasks(RExecutorService executor, int n) throws Exception {
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

  /** A worker JVM as in production: the JVM's default flags, unlike the tests' quick ones. */
  private static Process startWorker(String url, String name) throws Exception {
    return new ProcessBuilder(LocalCluster.workerCommand(url, name, 2, false))
        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .redirectError(ProcessBuilder.Redirect.INHERIT)
        .redirectInput(ProcessBuilder.Redirect.PIPE)
        .start();
  }
}
