package dev.multitask.bench;

import dev.multitask.Context;
import dev.multitask.Fn;
import dev.multitask.Job;
import dev.multitask.Multitask;
import dev.multitask.Task;
import dev.multitask.ipc.Queue;
import dev.multitask.pool.Pool;
import dev.multitask.sync.Barrier;
import dev.multitask.sync.Event;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.IntStream;

/**
 * The workloads of issue 23 as users write them, one sample per fresh JVM: the Java twin of {@code
 * bench/python/as_users.py} (same workloads, same numbers; its docstring lists them). {@link
 * PairedRuns} runs the two in turn, sample by sample, and throws away the rounds the machine was
 * busy in.
 *
 * <p>A fresh JVM per sample, because that is what a program meets: its own first calls (its
 * interpreter and JIT, its workers' first chunks), the default options ({@code
 * Multitask.processes()}, {@code ctx.queue()}), lambdas that capture their arguments. Where a call
 * repeated differs (the JIT of both JVMs), the sample also reports a later call ("steady").
 *
 * <p>Prints one JSON line of figures. Usage: {@code java --enable-native-access=ALL-UNNAMED -cp
 * benchmarks.jar dev.multitask.bench.UserWorkloads WORKLOAD}, WORKLOAD one of {@code map}, {@code
 * map_auto}, {@code starmap}, {@code submit}, {@code submit_object}, {@code queue}, {@code
 * queue_bounded}, {@code start_loop}, {@code start_event}, {@code start_spaced}, {@code burst},
 * {@code rss}.
 */
public final class UserWorkloads {
  static final int WARM_UP_ITEMS = 100_000;
  static final int ITEMS = 1_000_000;
  static final int CHUNK = 1000;
  static final int MAP_CALLS = 8;
  static final int STARMAP_CALLS = 4;
  static final int TASKS = 20_000;
  static final int WARM_UP_TASKS = 2000;
  static final int SUBMIT_BATCHES = 4;
  static final int MESSAGES = 2_000_000;
  static final int QUEUE_BATCHES = 4;
  static final int BOUNDED = 65_536;
  static final int LOOP_STARTS = 20;
  static final int SPACED_STARTS = 10;
  static final long SPACING_MS = 400;
  static final int BURST = 10;
  static final int BURSTS = 3;

  private UserWorkloads() {}

  /**
   * Runs one sample of a workload and prints its figures.
   *
   * @param args the workload's name
   * @throws Exception if the workload fails or answers wrong
   */
  public static void main(String[] args) throws Exception {
    if (args.length != 1) {
      throw new IllegalArgumentException("usage: UserWorkloads WORKLOAD");
    }
    Map<String, Object> figures =
        switch (args[0]) {
          case "map" -> map(CHUNK);
          case "map_auto" -> map(0);
          case "starmap" -> starmap();
          case "submit" -> submit(UserWorkloads::lambdaBatch);
          case "submit_object" -> submit(new ObjectBatch(new AnswerTask()));
          case "queue" -> queue(0);
          case "queue_bounded" -> queue(BOUNDED);
          case "start_loop" -> startLoop();
          case "start_event" -> startEvent();
          case "start_spaced" -> startSpaced();
          case "burst" -> burst();
          case "rss" -> rss();
          default -> throw new IllegalArgumentException("unknown workload " + args[0]);
        };
    figures.put("workload", args[0]);
    System.out.println(json(figures));
    // the context's close has retired the workers; wait for every one to be reaped, so that the
    // driver's account of this process tree's CPU (PairedRuns) loses none to an orphan
    ProcessHandle.current()
        .descendants()
        .forEach(p -> p.onExit().orTimeout(5, TimeUnit.SECONDS).exceptionally(e -> p).join());
  }

  // --- pool.map(x -> x, 1 M Integers, 1000)

  private static Map<String, Object> map(int chunk) throws InterruptedException {
    List<Integer> warmUp = IntStream.range(0, WARM_UP_ITEMS).boxed().toList();
    List<Integer> items = IntStream.range(0, ITEMS).boxed().toList();
    Fn<Integer, Integer> identity = x -> x;
    double[] rates = new double[MAP_CALLS];
    Cpu[] cpu = new Cpu[MAP_CALLS];
    try (Context ctx = Multitask.processes();
        Pool pool = ctx.pool(2)) {
      timedMap(pool, identity, warmUp, chunk);
      for (int i = 0; i < MAP_CALLS; i++) {
        Cpu before = Cpu.now();
        rates[i] = timedMap(pool, identity, items, chunk);
        cpu[i] = Cpu.now().minus(before);
      }
    }
    Map<String, Object> figures = new LinkedHashMap<>();
    figures.put("first_items_per_s", rates[0]);
    figures.put("steady_items_per_s", rates[MAP_CALLS - 1]);
    cpu[0].put("first", figures);
    cpu[MAP_CALLS - 1].put("steady", figures);
    figures.put("chunksize", chunk == 0 ? "default" : chunk);
    return figures;
  }

  private static double timedMap(Pool pool, Fn<Integer, Integer> fn, List<Integer> items, int chunk)
      throws InterruptedException {
    long n = items.size();
    return timedMap(pool, fn, items, chunk, n * (n - 1) / 2);
  }

  /** One timed {@code map} call whose results, every one read, must add up to {@code sum}. */
  private static <T> double timedMap(
      Pool pool, Fn<T, Integer> fn, List<T> items, int chunk, long expected)
      throws InterruptedException {
    long t0 = System.nanoTime();
    List<Integer> results = chunk == 0 ? pool.map(fn, items) : pool.map(fn, items, chunk);
    long sum = 0;
    for (Integer r : results) {
      sum += r;
    }
    long elapsed = System.nanoTime() - t0;
    if (results.size() != items.size() || sum != expected) {
      throw new IllegalStateException("map answered wrong: sum " + sum);
    }
    return items.size() / (elapsed / 1e9);
  }

  // --- pool.map over records, as Python's starmap over tuples: (i, 1) -> i + 1

  /** An item of two values, as Python's starmap takes a tuple. */
  record Item(int a, int b) implements Serializable {}

  private static Map<String, Object> starmap() throws InterruptedException {
    List<Item> warmUp = IntStream.range(0, WARM_UP_ITEMS).mapToObj(i -> new Item(i, 1)).toList();
    List<Item> items = IntStream.range(0, ITEMS).mapToObj(i -> new Item(i, 1)).toList();
    Fn<Item, Integer> add = p -> p.a() + p.b();
    long n = items.size();
    double[] rates = new double[STARMAP_CALLS];
    try (Context ctx = Multitask.processes();
        Pool pool = ctx.pool(2)) {
      long w = warmUp.size();
      timedMap(pool, add, warmUp, CHUNK, w * (w - 1) / 2 + w);
      for (int i = 0; i < STARMAP_CALLS; i++) {
        rates[i] = timedMap(pool, add, items, CHUNK, n * (n - 1) / 2 + n);
      }
    }
    Map<String, Object> figures = new LinkedHashMap<>();
    figures.put("first_items_per_s", rates[0]);
    figures.put("steady_items_per_s", rates[STARMAP_CALLS - 1]);
    return figures;
  }

  // --- pool.submit(() -> k) x 20 000, and one stateless task object, each in a program of its own:
  // the first of two kinds measured in one program warms the pool's path for the second (measured:
  // a first batch of task objects run first costs what a first batch of lambdas does)

  /** One batch of {@code n} tasks submitted and taken; returns tasks per second. */
  private interface Batch {
    double run(Pool pool, int n) throws Exception;
  }

  private static Map<String, Object> submit(Batch batch) throws Exception {
    double[] rates = new double[SUBMIT_BATCHES];
    Cpu[] cpu = new Cpu[SUBMIT_BATCHES];
    try (Context ctx = Multitask.processes();
        Pool pool = ctx.pool(2)) {
      batch.run(pool, WARM_UP_TASKS);
      for (int b = 0; b < SUBMIT_BATCHES; b++) {
        Cpu before = Cpu.now();
        rates[b] = batch.run(pool, TASKS);
        cpu[b] = Cpu.now().minus(before);
      }
    }
    Map<String, Object> figures = new LinkedHashMap<>();
    figures.put("first_tasks_per_s", rates[0]);
    figures.put("steady_tasks_per_s", rates[SUBMIT_BATCHES - 1]);
    cpu[0].put("first", figures);
    cpu[SUBMIT_BATCHES - 1].put("steady", figures);
    return figures;
  }

  private static double lambdaBatch(Pool pool, int n) throws Exception {
    long t0 = System.nanoTime();
    List<CompletableFuture<Integer>> futures = new ArrayList<>(n);
    for (int k = 0; k < n; k++) {
      int value = k;
      futures.add(pool.submit(() -> value)); // a lambda that captures its argument
    }
    long sum = 0;
    for (CompletableFuture<Integer> f : futures) {
      sum += f.get();
    }
    long elapsed = System.nanoTime() - t0;
    if (sum != (long) n * (n - 1) / 2) {
      throw new IllegalStateException("submit answered wrong: sum " + sum);
    }
    return n / (elapsed / 1e9);
  }

  /**
   * Batches of one stateless task object. Not a static field of this class: a worker initializes
   * the class that wrote a job's lambda, and every start workload's lambdas are written here.
   */
  private record ObjectBatch(Task<Integer> answer) implements Batch {
    @Override
    public double run(Pool pool, int n) throws Exception {
      long t0 = System.nanoTime();
      List<CompletableFuture<Integer>> futures = new ArrayList<>(n);
      for (int k = 0; k < n; k++) {
        futures.add(pool.submit(answer));
      }
      long sum = 0;
      for (CompletableFuture<Integer> f : futures) {
        sum += f.get();
      }
      long elapsed = System.nanoTime() - t0;
      if (sum != 42L * n) {
        throw new IllegalStateException("submit answered wrong: sum " + sum);
      }
      return n / (elapsed / 1e9);
    }
  }

  // --- ctx.queue(): one child producer, the parent takes

  private static Map<String, Object> queue(int capacity) throws Exception {
    double[] rates = new double[QUEUE_BATCHES];
    Cpu[] cpu = new Cpu[QUEUE_BATCHES];
    try (Context ctx = Multitask.processes()) {
      Queue<Integer> q = capacity == 0 ? ctx.queue() : ctx.queue(capacity);
      Barrier go = ctx.barrier(2);
      Job<Void> producer = produce(ctx, q, go, QUEUE_BATCHES, MESSAGES);
      for (int b = 0; b < QUEUE_BATCHES; b++) {
        go.await(); // the child is started and waiting: its start is not timed
        Cpu before = Cpu.now();
        long t0 = System.nanoTime();
        for (int i = 0; i < MESSAGES; i++) {
          int got = q.take();
          if (got != i) {
            throw new IllegalStateException("out of order: " + got + " at " + i);
          }
        }
        rates[b] = MESSAGES / ((System.nanoTime() - t0) / 1e9);
        cpu[b] = Cpu.now().minus(before);
      }
      go.await();
      producer.join();
    }
    Map<String, Object> figures = new LinkedHashMap<>();
    figures.put("first_msgs_per_s", rates[0]);
    figures.put("steady_msgs_per_s", rates[QUEUE_BATCHES - 1]);
    cpu[0].put("first", figures);
    cpu[QUEUE_BATCHES - 1].put("steady", figures);
    figures.put("capacity", capacity == 0 ? "unbounded" : capacity);
    return figures;
  }

  private static Job<Void> produce(
      Context ctx, Queue<Integer> q, Barrier go, int batches, int messages) {
    return ctx.start(
        () -> {
          for (int b = 0; b < batches; b++) {
            go.await();
            for (int i = 0; i < messages; i++) {
              q.put(i);
            }
          }
          go.await(); // alive until the parent has read the CPU of the last batch
        });
  }

  // --- process starts

  private static Map<String, Object> startLoop() throws InterruptedException {
    return backToBack(ctx -> () -> ctx.start(() -> {}));
  }

  // the job reads an Event it captures: what most jobs do, share a queue, lock or event
  private static Map<String, Object> startEvent() throws InterruptedException {
    return backToBack(
        ctx -> {
          Event event = ctx.event();
          return () -> ctx.start(() -> event.isSet());
        });
  }

  /**
   * {@link #LOOP_STARTS} start+join back to back in a fresh context, each job started by what
   * {@code starter} makes of the context.
   */
  private static Map<String, Object> backToBack(Function<Context, Supplier<Job<?>>> starter)
      throws InterruptedException {
    double[] samples = new double[LOOP_STARTS];
    double cpu = reapedCpuMillis();
    long t0 = System.nanoTime();
    try (Context ctx = Multitask.processes()) {
      Supplier<Job<?>> start = starter.apply(ctx);
      for (int i = 0; i < LOOP_STARTS; i++) {
        long s = System.nanoTime();
        start.get().join();
        samples[i] = (System.nanoTime() - s) / 1e6;
      }
      t0 = (System.nanoTime() - t0); // the loop, before the close
    }
    Map<String, Object> figures = new LinkedHashMap<>();
    figures.put("mean_ms", t0 / 1e6 / LOOP_STARTS);
    figures.put("first_ms", samples[0]);
    figures.put("median_ms", median(samples));
    figures.put("cpu_ms_per_start", (reapedCpuMillis() - cpu) / LOOP_STARTS);
    return figures;
  }

  private static Map<String, Object> startSpaced() throws InterruptedException {
    double[] samples = new double[SPACED_STARTS];
    try (Context ctx = Multitask.processes()) {
      for (int i = 0; i < SPACED_STARTS; i++) {
        Thread.sleep(SPACING_MS);
        long s = System.nanoTime();
        ctx.start(() -> {}).join();
        samples[i] = (System.nanoTime() - s) / 1e6;
      }
    }
    Map<String, Object> figures = new LinkedHashMap<>();
    figures.put("first_ms", samples[0]);
    figures.put("median_ms", median(samples));
    return figures;
  }

  private static Map<String, Object> burst() throws InterruptedException {
    double[] bursts = new double[BURSTS];
    double cpu = reapedCpuMillis();
    try (Context ctx = Multitask.processes()) {
      for (int b = 0; b < BURSTS; b++) {
        if (b > 0) {
          Thread.sleep(1000);
        }
        long s = System.nanoTime();
        List<Job<Void>> jobs = new ArrayList<>(BURST);
        for (int i = 0; i < BURST; i++) {
          jobs.add(ctx.start(() -> {}));
        }
        for (Job<Void> job : jobs) {
          job.join();
        }
        bursts[b] = (System.nanoTime() - s) / 1e6;
      }
    }
    Map<String, Object> figures = new LinkedHashMap<>();
    figures.put("first_ms", bursts[0]);
    figures.put("later_ms", median(Arrays.copyOfRange(bursts, 1, BURSTS)));
    figures.put("cpu_ms_per_start", (reapedCpuMillis() - cpu) / (BURST * BURSTS));
    return figures;
  }

  // --- resident memory of a sleeping child

  private static Map<String, Object> rss() throws Exception {
    Map<String, Object> figures = new LinkedHashMap<>();
    try (Context ctx = Multitask.processes()) {
      Event release = ctx.event();
      Job<Void> sleeper = ctx.start(() -> release.await());
      Thread.sleep(1000);
      figures.put("rss_mib", statusKib(sleeper.pid(), "/status", "VmRSS:") / 1024.0);
      figures.put("pss_mib", statusKib(sleeper.pid(), "/smaps_rollup", "Pss:") / 1024.0);
      release.set();
      sleeper.join();
    }
    return figures;
  }

  /** The figure in kB on the line of {@code /proc/<pid><file>} that begins with {@code key}. */
  static long statusKib(long pid, String file, String key) throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/" + pid + file))) {
      if (line.startsWith(key)) {
        return Long.parseLong(line.substring(key.length()).trim().split("\\s+")[0]);
      }
    }
    throw new IOException("no " + key + " in /proc/" + pid + file);
  }

  /**
   * The CPU time of this JVM and of its children reaped so far, in ms, once every child has ended:
   * what a workload of short-lived workers cost the machine, standby workers included, which the
   * machine's other load moves less than wall time.
   */
  static double reapedCpuMillis() {
    ProcessHandle.current()
        .descendants()
        .forEach(p -> p.onExit().orTimeout(5, TimeUnit.SECONDS).exceptionally(e -> p).join());
    try {
      String stat = Files.readString(Path.of("/proc/self/stat"));
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      long ticks = 0;
      for (int i = 11; i <= 14; i++) { // utime, stime, cutime, cstime
        ticks += Long.parseLong(f[i]);
      }
      return ticks * 10.0; // USER_HZ is 100
    } catch (IOException | RuntimeException e) {
      return Double.NaN;
    }
  }

  /**
   * The CPU time of this JVM and its live child processes (the workers) so far, in ms: a call's
   * cost that the machine's other load moves less than its wall time (for comparing two builds);
   * and the part of it their JIT compiler threads used, how much of a first call is compiling (a
   * lower bound: a compiler thread that has ended takes its CPU with it).
   */
  record Cpu(double totalMs, double jitMs) {
    static Cpu now() {
      List<Long> pids = new ArrayList<>();
      pids.add(ProcessHandle.current().pid());
      ProcessHandle.current().children().forEach(child -> pids.add(child.pid()));
      long total = 0;
      long jit = 0;
      for (long pid : pids) {
        total += cpuTicks(Path.of("/proc/" + pid + "/stat"));
        jit += compilerTicks(pid);
      }
      return new Cpu(total * 10.0, jit * 10.0); // USER_HZ is 100
    }

    Cpu minus(Cpu before) {
      return new Cpu(totalMs - before.totalMs, jitMs - before.jitMs);
    }

    /** Puts this as {@code when_cpu_ms} and {@code when_jit_ms}. */
    void put(String when, Map<String, Object> figures) {
      figures.put(when + "_cpu_ms", totalMs);
      figures.put(when + "_jit_ms", jitMs);
    }

    private static long compilerTicks(long pid) {
      long ticks = 0;
      try (var threads = Files.list(Path.of("/proc/" + pid + "/task"))) {
        for (Path thread : threads.toList()) {
          try {
            if (Files.readString(thread.resolve("comm")).contains("CompilerThre")) {
              ticks += cpuTicks(thread.resolve("stat"));
            }
          } catch (IOException gone) {
            // the thread ended meanwhile
          }
        }
      } catch (IOException | UncheckedIOException gone) {
        // the process ended meanwhile
      }
      return ticks;
    }
  }

  /** User and system ticks of a process or thread, from its {@code stat} file; 0 once gone. */
  private static long cpuTicks(Path stat) {
    try {
      String line = Files.readString(stat);
      String[] f = line.substring(line.lastIndexOf(')') + 2).split(" ");
      return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    } catch (IOException | RuntimeException gone) {
      return 0; // it ended meanwhile
    }
  }

  static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }

  /** A flat JSON object of numbers and strings. */
  static String json(Map<String, Object> figures) {
    StringBuilder out = new StringBuilder("{");
    for (Map.Entry<String, Object> e : figures.entrySet()) {
      if (out.length() > 1) {
        out.append(", ");
      }
      out.append('"').append(e.getKey()).append("\": ");
      Object v = e.getValue();
      out.append(
          v instanceof Double d
              ? String.format(Locale.ROOT, "%.4f", d)
              : v instanceof Number ? v.toString() : "\"" + v + "\"");
    }
    return out.append('}').toString();
  }
}
