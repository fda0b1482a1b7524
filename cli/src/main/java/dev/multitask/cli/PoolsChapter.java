package dev.multitask.cli;

import dev.multitask.Context;
import dev.multitask.Multitask;
import dev.multitask.ipc.Queue;
import dev.multitask.pool.Pool;
import dev.multitask.pool.PoolOptions;
import dev.multitask.pool.TaskTimeoutException;
import dev.multitask.pool.Timeline;
import dev.multitask.pool.WorkerDiedException;
import dev.multitask.sync.Barrier;
import dev.multitask.trace.Recording;
import dev.multitask.trace.Trace;
import java.io.PrintWriter;
import java.io.Serial;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.IntStream;

/**
 * Chapter 4: pools. Workers that stay up between tasks ({@code submit}, {@code map}); a worker
 * killed in the middle of a task, which fails that task only and is replaced; a deadline; the
 * tutorials' experiment of five tasks on a pool of four, drawn from the pool's timeline and saved
 * as a trace (a Chrome trace and an HTML timeline); and the progress of a longer {@code map}, drawn
 * by {@link ProgressBar}.
 */
final class PoolsChapter implements Chapter {
  /** How long any task of this chapter may take before the chapter gives up on it. */
  private static final Duration TASK_LIMIT = Duration.ofSeconds(30);

  /** The tutorial's tasks sleep 2 s; 1 s shows the same and keeps the tour short. */
  private static final long EXPERIMENT_TASK_MILLIS = 1000;

  /** One character of the experiment's chart. */
  private static final long CHART_STEP_MILLIS = 100;

  private static final int PROGRESS_ITEMS = 120;
  private static final long PROGRESS_ITEM_MILLIS = 80;

  /**
   * What a task computed and where.
   *
   * @param x the input
   * @param square {@code x * x}
   * @param pid the worker process
   */
  record Square(int x, int square, long pid) implements Serializable {
    @Serial private static final long serialVersionUID = 1L;
  }

  @Override
  public String name() {
    return "pools";
  }

  @Override
  public String title() {
    return "pools: workers that stay up, failures that stay small";
  }

  @Override
  public void run(PrintWriter out) throws Exception {
    out.println("A pool starts its workers once and hands them task after task: Python's");
    out.println(
        "multiprocessing.Pool and concurrent.futures executors in one type, ctx.pool(n), made");
    out.println("of child JVMs here (of threads or virtual threads in the other contexts).");
    out.println("This JVM is pid " + Multitask.currentProcess().pid() + ".");
    out.println();
    out.flush();
    try (Context processes = Multitask.processes()) {
      try (Pool pool = processes.pool(2)) {
        submitAndMap(out, pool);
        killed(out, processes, pool);
        deadline(out, pool);
      }
      // one pool for the experiment and the long map: the progress listener is the pool's
      ProgressBar bar = ProgressBar.auto(out, "  ");
      try (Pool pool = processes.pool(PoolOptions.workers(4).onProgress(bar))) {
        fourAndFive(out, pool);
        progress(out, pool, bar);
      }
    }
  }

  private static void submitAndMap(PrintWriter out, Pool pool) throws Exception {
    out.println("Submit and map: a pool of 2 worker processes");
    out.flush();
    CompletableFuture<Long> answer = pool.submit(() -> 6L * 7);
    out.println("  pool.submit(() -> 6 * 7).get() = " + await(answer));
    List<Square> squares =
        pool.map(
            x -> new Square(x, x * x, Multitask.currentProcess().pid()),
            IntStream.rangeClosed(1, 6).boxed().toList());
    out.println("  pool.map(x -> x * x, [1..6]), each item also telling its pid:");
    Table table = new Table("x", "x * x", "pid").alignRight(0, 1, 2);
    squares.forEach(
        s ->
            table.row(
                Integer.toString(s.x()), Integer.toString(s.square()), Long.toString(s.pid())));
    table.print(out);
    long workers = squares.stream().map(Square::pid).distinct().count();
    out.println(
        "The results come in input order, computed by "
            + workers
            + " worker"
            + (workers == 1 ? "" : "s")
            + " that stay up for the next task.");
    out.println();
  }

  private static void killed(PrintWriter out, Context processes, Pool pool) throws Exception {
    out.println("A worker killed in the middle of a task (SIGKILL, as kill -9 or the OOM killer)");
    out.flush();
    Queue<Long> started = processes.queue();
    CompletableFuture<String> victim =
        pool.submit(
            () -> {
              long me = Multitask.currentProcess().pid();
              System.err.println(
                  "victim task: working in pid " + me + ", this line is the end of its stderr");
              started.put(me);
              Thread.sleep(TASK_LIMIT.toMillis());
              return "finished";
            });
    CompletableFuture<Long> bystander =
        pool.submit(
            () -> {
              Thread.sleep(1000);
              return Multitask.currentProcess().pid();
            });
    Long pid = started.poll(TASK_LIMIT.toSeconds(), TimeUnit.SECONDS);
    if (pid == null) {
      throw new IllegalStateException(
          "the victim task did not start within " + TASK_LIMIT.toSeconds() + " s");
    }
    ProcessHandle.of(pid)
        .ifPresent(ProcessHandle::destroyForcibly); // SIGKILL, from outside the pool
    out.println(
        "  this JVM killed worker " + pid + " while it ran a task; the task's future failed with:");
    WorkerDiedException died = failureOf(victim, WorkerDiedException.class);
    out.println(indent("    WorkerDiedException: " + died.getMessage()));
    out.println(
        "  exitCode() = "
            + died.exitCode()
            + ", signal() = "
            + died.signal()
            + ", stderrTail() = \""
            + died.stderrTail().strip()
            + "\"");
    out.println(
        "  the other worker's task, running at the same time: ok, in pid " + await(bystander));
    // two tasks that wait for each other at a barrier: one runs on the surviving worker, the
    // other on the killed one's replacement as soon as that has started
    Barrier both = processes.barrier(2);
    List<CompletableFuture<Long>> next = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      next.add(
          pool.submit(
              () -> {
                both.await(TASK_LIMIT);
                return Multitask.currentProcess().pid();
              }));
    }
    long first = await(next.get(0));
    long second = await(next.get(1));
    out.println(
        "  2 tasks that wait for each other at a barrier, so one per worker: ok, in pids "
            + first
            + " and "
            + second
            + "; pid "
            + pid
            + " is gone");
    out.println(
        "Only the task on the killed worker failed, and the pool replaced the worker: there is");
    out.println(
        "no BrokenProcessPool. A task whose code kills 3 workers in a row is quarantined (fails");
    out.println(
        "at once) instead of killing more, and cancel(true) on a running task kills its worker.");
    out.println();
  }

  private static void deadline(PrintWriter out, Pool pool) throws Exception {
    out.println(
        "A deadline: pool.submit(task, Duration.ofSeconds(1)) for a task that would sleep 30 s");
    out.flush();
    long start = System.nanoTime();
    CompletableFuture<Long> stuck =
        pool.submit(
            () -> {
              Thread.sleep(TASK_LIMIT.toMillis());
              return Multitask.currentProcess().pid();
            },
            Duration.ofSeconds(1));
    TaskTimeoutException timedOut = failureOf(stuck, TaskTimeoutException.class);
    double seconds = (System.nanoTime() - start) / 1e9;
    out.println(indent("    TaskTimeoutException: " + timedOut.getMessage()));
    out.println("  the future failed " + format(seconds) + " s after the submit");
    long next = await(pool.submit(() -> Multitask.currentProcess().pid()));
    out.println("  the next task: ok, in pid " + next);
    out.println(
        "A stuck task costs its worker, not the pool. Python's pools have no deadline: a stuck");
    out.println("task holds its worker, and result(timeout) only stops the waiting.");
    out.println();
  }

  private static void fourAndFive(PrintWriter out, Pool pool) throws Exception {
    out.println(
        "Pool(4) with 5 tasks (multitask examples pool-four-five): each task sleeps "
            + EXPERIMENT_TASK_MILLIS / 1000.0
            + " s");
    out.flush();
    // the whole run, workers' own events included, for the browser (a trace nests: this one
    // works under 'multitask trace' too)
    Trace trace = Trace.start();
    try {
      fourAndFive(out, pool, trace);
    } finally {
      trace.close();
    }
  }

  private static void fourAndFive(PrintWriter out, Pool pool, Trace trace) throws Exception {
    // each of the 4 idle workers takes one of these: all 4 JVMs are up before the clock starts
    List<CompletableFuture<Long>> warmUp = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      warmUp.add(
          pool.submit(
              () -> {
                Thread.sleep(300);
                return Multitask.currentProcess().pid();
              }));
    }
    for (CompletableFuture<Long> f : warmUp) {
      await(f);
    }
    long start = System.nanoTime();
    List<CompletableFuture<Long>> tasks = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      tasks.add(
          pool.submit(
              () -> {
                Thread.sleep(EXPERIMENT_TASK_MILLIS);
                return Multitask.currentProcess().pid();
              }));
    }
    for (CompletableFuture<Long> f : tasks) {
      await(f);
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    // the pool numbers tasks 1, 2, ... as submitted: the warm-up's are 1 to 4, the experiment's 5
    // to 9
    Timeline timeline = timeline(pool, 9);
    List<Timeline.Entry> entries =
        new ArrayList<>(timeline.entries().stream().filter(e -> e.task() > 4).toList());
    entries.sort(Comparator.comparingLong(Timeline.Entry::task));
    long origin = entries.stream().mapToLong(Timeline.Entry::startNanos).min().orElse(0);
    Table table =
        new Table("task", "worker", "pid", "start", "end", "outcome").alignRight(0, 1, 2, 3, 4);
    Map<Long, List<Long>> tasksOfPid = new TreeMap<>();
    for (Timeline.Entry e : entries) {
      long n = e.task() - entries.getFirst().task() + 1;
      tasksOfPid.computeIfAbsent(e.pid(), p -> new ArrayList<>()).add(n);
      table.row(
          Long.toString(n),
          Integer.toString(e.worker()),
          Long.toString(e.pid()),
          format((e.startNanos() - origin) / 1e9) + " s",
          format((e.endNanos() - origin) / 1e9) + " s",
          e.outcome());
    }
    table.print(out);
    out.println(
        "  time, one character = " + CHART_STEP_MILLIS + " ms; each task drawn with its number:");
    chart(out, entries, origin);
    out.println(
        "5 tasks on 4 workers took " + format(seconds) + " s: two rounds. " + reuse(tasksOfPid));
    Path dir = Files.createTempDirectory("multitask-pool-trace-");
    Path html = trace.stop().writeTo(dir);
    out.println("The whole run (the 4 warm-up tasks, then these 5) is recorded in " + dir);
    out.println("  open " + html + " in a browser: a lane per worker process,");
    out.println("  a bar per task, details on hover, zoom with the wheel; it needs no network.");
    out.println("  " + dir.resolve(Recording.JSON_FILE) + " is the same trace for Perfetto");
    out.println("  (https://ui.perfetto.dev, \"Open trace file\") or chrome://tracing.");
    out.println("  Record any run so: multitask trace --out DIR -- examples NAME");
    out.println();
  }

  /**
   * The pool's timeline once it holds {@code tasks} entries: a slot records a task just after
   * completing its future, so a caller that has seen every result may still miss the last entries.
   */
  private static Timeline timeline(Pool pool, int tasks) throws InterruptedException {
    long deadline = System.nanoTime() + TASK_LIMIT.toNanos();
    Timeline timeline = pool.timeline();
    while (timeline.entries().size() < tasks && System.nanoTime() < deadline) {
      Thread.sleep(10);
      timeline = pool.timeline();
    }
    return timeline;
  }

  /** Says which worker ran two tasks, from the experiment's tasks by pid. */
  private static String reuse(Map<Long, List<Long>> tasksOfPid) {
    StringBuilder said = new StringBuilder();
    tasksOfPid.forEach(
        (pid, tasks) -> {
          if (tasks.size() > 1) {
            said.append(said.isEmpty() ? "" : " ")
                .append("Worker pid ")
                .append(pid)
                .append(" ran tasks ")
                .append(tasks)
                .append(": a task waited for a free worker.");
          }
        });
    return said.isEmpty() ? "No worker ran two tasks." : said.toString();
  }

  /** One line per worker: each task's time drawn with its number. */
  private static void chart(PrintWriter out, List<Timeline.Entry> entries, long origin) {
    Map<Integer, StringBuilder> rows = new TreeMap<>();
    Map<Integer, Long> pids = new TreeMap<>();
    for (Timeline.Entry e : entries) {
      long n = e.task() - entries.getFirst().task() + 1;
      StringBuilder row = rows.computeIfAbsent(e.worker(), w -> new StringBuilder());
      pids.put(e.worker(), e.pid());
      int from = (int) ((e.startNanos() - origin) / 1_000_000 / CHART_STEP_MILLIS);
      int to =
          Math.max(from + 1, (int) Math.round((e.endNanos() - origin) / 1e6 / CHART_STEP_MILLIS));
      while (row.length() < to) {
        row.append(' ');
      }
      for (int c = from; c < to; c++) {
        row.setCharAt(c, Character.forDigit((int) (n % 10), 10));
      }
    }
    rows.forEach(
        (worker, row) ->
            out.println(
                "  worker "
                    + worker
                    + " (pid "
                    + pids.get(worker)
                    + ") |"
                    + row.toString().stripTrailing()));
  }

  private static void progress(PrintWriter out, Pool pool, ProgressBar bar) throws Exception {
    out.println(
        "Progress: map over "
            + PROGRESS_ITEMS
            + " items of "
            + PROGRESS_ITEM_MILLIS
            + " ms each on the same pool, chunks of 2");
    out.flush();
    List<Integer> items = IntStream.range(0, PROGRESS_ITEMS).boxed().toList();
    List<Integer> results =
        pool.map(
            x -> {
              Thread.sleep(PROGRESS_ITEM_MILLIS);
              return x;
            },
            items,
            2);
    bar.awaitEnd(Duration.ofSeconds(5)); // the last report may come just after map returns
    String check =
        results.equals(items) ? "all " + results.size() + " results, in order" : "WRONG RESULTS";
    out.println("  " + check + ".");
    out.println("A map or imap reports done/total, rate and ETA to the pool's listener,");
    out.println(
        "PoolOptions.onProgress(listener); the tour draws it with a progress bar, one line");
    out.println("redrawn on a terminal, a line every 25 % elsewhere.");
  }

  /** The future's result; a task still running after {@link #TASK_LIMIT} is reported. */
  private static <R> R await(CompletableFuture<R> future) throws InterruptedException {
    try {
      return future.get(TASK_LIMIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      future.cancel(true);
      throw new IllegalStateException(
          "a pool task was still running after " + TASK_LIMIT.toSeconds() + " s", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("a pool task failed: " + e.getCause(), e.getCause());
    }
  }

  /** The failure of a future that should fail with {@code type}. */
  private static <X extends Throwable> X failureOf(CompletableFuture<?> future, Class<X> type)
      throws InterruptedException {
    try {
      Object result = future.get(TASK_LIMIT.toMillis(), TimeUnit.MILLISECONDS);
      throw new IllegalStateException(
          "expected " + type.getSimpleName() + ", the task returned " + result);
    } catch (TimeoutException e) {
      future.cancel(true);
      throw new IllegalStateException(
          "a pool task was still running after " + TASK_LIMIT.toSeconds() + " s", e);
    } catch (ExecutionException e) {
      if (type.isInstance(e.getCause())) {
        return type.cast(e.getCause());
      }
      throw new IllegalStateException(
          "expected " + type.getSimpleName() + ", got " + e.getCause(), e.getCause());
    }
  }

  /** Indents the continuation lines of a multi-line message like its first. */
  private static String indent(String text) {
    return text.replace("\n", "\n      ");
  }

  private static String format(double seconds) {
    return String.format(Locale.ROOT, "%.2f", seconds);
  }
}
