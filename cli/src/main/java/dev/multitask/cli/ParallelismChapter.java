package dev.multitask.cli;

import dev.multitask.Context;
import dev.multitask.Job;
import dev.multitask.Multitask;
import dev.multitask.ProcessInfo;
import dev.multitask.ProcessOptions;
import dev.multitask.Task;
import java.io.PrintWriter;
import java.io.Serial;
import java.io.Serializable;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Chapter 1: which execution model runs two tasks at the same time. A sleeping task (waiting, as on
 * I/O) overlaps in every model; a computing task overlaps in processes and, unlike CPython where
 * the GIL serialises it, in Java threads too.
 */
final class ParallelismChapter implements Chapter {
  private static final int MIN_WARM_UP_ROUNDS = 3;
  private static final int MAX_WARM_UP_ROUNDS = 6;
  private static final Duration SETTLE_LIMIT = Duration.ofSeconds(5);

  /**
   * Where a job ran and what it computed; jobs return it so the parent prints every pid.
   *
   * @param pid the process that ran the job
   * @param parentPid that process's parent
   * @param digits the length of the computed number, 0 for the sleeping task
   */
  record Report(long pid, long parentPid, int digits) implements Serializable {
    @Serial private static final long serialVersionUID = 1L;

    static Report here(int digits) {
      ProcessInfo me = Multitask.currentProcess();
      return new Report(me.pid(), me.parentPid(), digits);
    }
  }

  /**
   * One measured run: its label, its wall time and what each job reported.
   *
   * @param label what ran
   * @param seconds the wall time from the first start to the last result
   * @param reports one per job
   */
  record Run(String label, double seconds, List<Report> reports) {}

  @Override
  public String name() {
    return "parallelism";
  }

  @Override
  public String title() {
    return "processes, threads and coroutines: what runs at the same time";
  }

  @Override
  public void run(PrintWriter out) throws Exception {
    ProcessInfo me = Multitask.currentProcess();
    out.println(
        "Two tasks stand for the two kinds of work: one sleeps 2 s, as a program waits on a");
    out.println(
        "disk or a network; the other writes 8**1000000 in decimal, which keeps a CPU busy.");
    out.println(
        "Each runs twice: one after the other, then side by side in 2 processes, 2 threads");
    out.println("and 2 coroutines. The wall time tells whether the two ran at the same time.");
    out.println(
        "This JVM is pid "
            + me.pid()
            + " (parent "
            + me.parentPid()
            + ") on "
            + Multitask.cpuCount()
            + " CPUs; each job reports its own pid and parent pid.");
    out.println();
    out.flush();

    // two warm standby JVMs, so that each of two process jobs starts without waiting for a JVM
    try (Context processes = Multitask.processes(ProcessOptions.defaults().standby(2));
        Context threads = Multitask.threads();
        Context coroutines = Multitask.coroutines()) {
      waiting(out, processes, threads, coroutines);
      out.println();
      computing(out, processes, threads);
    }
  }

  private static void waiting(
      PrintWriter out, Context processes, Context threads, Context coroutines) throws Exception {
    out.println("Waiting: a task that sleeps 2 s, twice");
    out.flush();
    Task<Report> sleep = ParallelismChapter::sleepTwoSeconds;
    List<Run> runs =
        List.of(
            sequential("one after another", sleep),
            parallel("2 processes", processes, 2, sleep),
            parallel("2 threads", threads, 2, sleep),
            parallel("2 coroutines", coroutines, 2, sleep));
    Table table = table();
    for (Run run : runs) {
      addRow(table, run, run == runs.getFirst() ? "~4 s" : "~2 s");
    }
    table.print(out);
    out.println("Sleeping holds no CPU, so every model overlaps the two waits, as in Python.");
  }

  private static void computing(PrintWriter out, Context processes, Context threads)
      throws Exception {
    out.println("Computing: 8**1000000 written out in decimal");
    out.flush();
    Task<Report> compute = ParallelismChapter::compute;
    settle();
    Run process1 = parallel("1 process, once", processes, 1, compute);
    settle();
    Run process2 = parallel("2 processes, once each", processes, 2, compute);
    settle();
    int warmUpRounds = warmUp(threads, compute);
    Run thread1 = parallel("1 thread, once", threads, 1, compute);
    Run thread2 = parallel("2 threads, once each", threads, 2, compute);
    double processRatio = process2.seconds() / process1.seconds();
    double threadRatio = thread2.seconds() / thread1.seconds();

    Table table = table();
    addRow(table, process1, "");
    addRow(table, process2, "~1 process");
    addRow(table, thread1, "");
    addRow(table, thread2, "~1 thread");
    table.print(out);
    if (threadRatio < 1.5) {
      out.println(
          "2 threads took "
              + format(threadRatio)
              + "x the time of 1: Java threads compute in parallel.");
    } else {
      out.println(
          "2 threads took "
              + format(threadRatio)
              + "x the time of 1: they queued for a core here (a busy");
      out.println("machine, or one CPU); on free cores Java threads compute in parallel.");
    }
    out.println(
        "In CPython the GIL lets one thread compute at a time: 2 threads take about 2x the time");
    out.println("of 1, and only processes help. Java has no GIL.");
    if (processRatio < 1.5) {
      out.println(
          "2 processes took "
              + format(processRatio)
              + "x the time of 1: processes compute in parallel too.");
    } else {
      out.println(
          "2 processes took "
              + format(processRatio)
              + "x the time of 1. A fresh child JVM compiles");
      out.println(
          "BigInteger's code (the JIT) on threads of its own while it computes, so one cold JVM");
      out.println(
          "already keeps more than one core busy, and two of them queue for these "
              + Multitask.cpuCount()
              + " CPUs.");
      out.println("A pool of warm workers (a later chapter) avoids paying that for every task.");
    }
    out.println("The thread rows ran in this JVM after " + warmUpRounds + " warm-up rounds.");
  }

  private static Table table() {
    return new Table("run", "jobs", "wall", "ideal", "pid of each job", "their parent")
        .alignRight(1, 2);
  }

  private static void addRow(Table table, Run run, String expected) {
    String pids =
        run.reports().stream().map(r -> Long.toString(r.pid())).collect(Collectors.joining(", "));
    String parents =
        run.reports().stream()
            .map(r -> Long.toString(r.parentPid()))
            .collect(Collectors.toCollection(LinkedHashSet::new))
            .stream()
            .collect(Collectors.joining(", "));
    table.row(
        run.label(),
        Integer.toString(run.reports().size()),
        format(run.seconds()) + " s",
        expected,
        pids,
        parents);
  }

  /** Runs {@code task} twice in the calling thread, as the tutorial's plain loop does. */
  private static Run sequential(String label, Task<Report> task) throws Exception {
    long start = System.nanoTime();
    List<Report> reports = List.of(task.call(), task.call());
    return new Run(label, (System.nanoTime() - start) / 1e9, reports);
  }

  /** Starts {@code jobs} jobs of {@code task} in {@code ctx} and waits for all their results. */
  private static Run parallel(String label, Context ctx, int jobs, Task<Report> task)
      throws Exception {
    long start = System.nanoTime();
    List<Job<Report>> started = new ArrayList<>();
    for (int i = 0; i < jobs; i++) {
      started.add(ctx.start(task));
    }
    List<Report> reports = new ArrayList<>();
    for (Job<Report> job : started) {
      reports.add(job.result());
    }
    return new Run(label, (System.nanoTime() - start) / 1e9, reports);
  }

  /**
   * Computes in 2 threads, at least three rounds and until a round is no longer clearly faster than
   * the one before, so that the thread rows time the threads and not the JIT compiler.
   */
  private static int warmUp(Context threads, Task<Report> task) throws Exception {
    double previous = Double.MAX_VALUE;
    int rounds = 0;
    while (rounds < MAX_WARM_UP_ROUNDS) {
      double took = parallel("warm-up", threads, 2, task).seconds();
      rounds++;
      if (rounds >= MIN_WARM_UP_ROUNDS && took > 0.9 * previous) {
        break;
      }
      previous = took;
    }
    return rounds;
  }

  /**
   * Waits, at most 5 s, until this JVM's child processes have stopped using CPU: the standby JVMs
   * that replace used ones start in the background and would compete with the computation being
   * timed.
   */
  private static void settle() throws InterruptedException {
    long deadline = System.nanoTime() + SETTLE_LIMIT.toNanos();
    Duration before = childrenCpu();
    while (System.nanoTime() < deadline) {
      Thread.sleep(200);
      Duration now = childrenCpu();
      // a child that exited drops out of the sum; that reads as quiet, which it is
      if (now.minus(before).toMillis() < 20) {
        return;
      }
      before = now;
    }
  }

  private static Duration childrenCpu() {
    return ProcessHandle.current()
        .children()
        .map(h -> h.info().totalCpuDuration().orElse(Duration.ZERO))
        .reduce(Duration.ZERO, Duration::plus);
  }

  private static Report sleepTwoSeconds() throws InterruptedException {
    Thread.sleep(2000);
    return Report.here(0);
  }

  private static Report compute() {
    return Report.here(BigInteger.valueOf(8).pow(1_000_000).toString().length());
  }

  private static String format(double value) {
    return String.format(Locale.ROOT, "%.2f", value);
  }
}
