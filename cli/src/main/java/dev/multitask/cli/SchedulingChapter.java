package dev.multitask.cli;

import dev.multitask.Context;
import dev.multitask.Multitask;
import dev.multitask.Task;
import dev.multitask.pool.Pool;
import dev.multitask.pool.PoolOptions;
import dev.multitask.pool.QueuePolicy;
import dev.multitask.pool.Timeline;
import dev.multitask.sched.Algorithm;
import dev.multitask.sched.Config;
import dev.multitask.sched.GanttChart;
import dev.multitask.sched.Job;
import dev.multitask.sched.JobResult;
import dev.multitask.sched.JobSet;
import dev.multitask.sched.Mlfq;
import dev.multitask.sched.Reports;
import dev.multitask.sched.Schedule;
import dev.multitask.sched.Simulator;
import dev.multitask.sync.Event;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Chapter 7: scheduling. The simulator ({@code multitask sched}) on four jobs that are all ready at
 * once, under the tutorial's algorithms; then the pool's own queue policies on the same jobs as
 * real tasks (each sleeps its burst) of a one-worker thread pool, queued while the worker is held,
 * then let go: the order they really ran in and their waits, next to the simulator's prediction.
 */
final class SchedulingChapter implements Chapter {
  /** How long any task of this chapter may take before the chapter gives up on it. */
  private static final Duration TASK_LIMIT = Duration.ofSeconds(30);

  /** The jobs: name, burst in milliseconds, priority (lower first). */
  private static final JobSet JOBS =
      JobSet.of(
          "four jobs",
          Job.of("A", 0, 400).withPriority(2),
          Job.of("B", 0, 100).withPriority(4),
          Job.of("C", 0, 300).withPriority(1),
          Job.of("D", 0, 200).withPriority(3));

  @Override
  public String name() {
    return "scheduling";
  }

  @Override
  public String title() {
    return "scheduling: who runs next";
  }

  @Override
  public void run(PrintWriter out) throws Exception {
    out.println(
        "When more jobs are ready than there are CPUs, the scheduler decides who runs next.");
    out.println("Tutorial 003 names four ways: first come first served, shortest job first, round");
    out.println("robin, multilevel feedback queue. 'multitask sched' simulates them and more.");
    out.println();
    simulator(out);
    out.println(
        "The pool's own queue policies order its waiting tasks the same way. Below, the same");
    out.println(
        "four jobs are real tasks that sleep their burst, on a pool of 1 worker thread: queued");
    out.println("while the worker is held by another task, then let go. Times are ms after the");
    out.println("release; the simulator's are its predictions for the same jobs.");
    out.println();
    out.flush();
    try (Context threads = Multitask.threads()) {
      policy(
          out, threads, QueuePolicy.FIRST_COME_FIRST_SERVED, Algorithm.FCFS, "pool.submit(task)");
      policy(out, threads, QueuePolicy.PRIORITY, Algorithm.PRIORITY, "pool.submit(task, priority)");
      policy(
          out,
          threads,
          QueuePolicy.SHORTEST_JOB_FIRST,
          Algorithm.SJF,
          "plain pool.submit(task), run times learned");
    }
    out.println(
        "The pool ran the tasks in the order the simulator predicts; the real waits are the");
    out.println(
        "predicted ones plus a few ms of thread wake-ups. Under SHORTEST_JOB_FIRST a plain");
    out.println("submit is ranked by the run time the pool has learned for that kind of task (the");
    out.println("textbook's exponential average, tau = t/2 + tau/2, here from one earlier run of");
    out.println("each); submit(task, nanos) gives a hint instead.");
  }

  private static void simulator(PrintWriter out) {
    out.println("The simulator: four jobs, all ready at time 0, bursts in ms, priority 1 highest");
    out.print(Reports.jobSet(JOBS));
    out.println();
    boolean colour = GanttChart.useColour();
    for (Algorithm a : List.of(Algorithm.FCFS, Algorithm.SJF, Algorithm.PRIORITY)) {
      Schedule s = Simulator.run(JOBS, Config.of(a));
      out.println(s.config().describe() + ": average waiting " + Reports.two(s.averageWaiting()));
      out.print(GanttChart.render(s, colour));
    }
    out.println();
    Config base = Config.of(Algorithm.FCFS).withQuantum(100).withMlfq(Mlfq.doubling(3, 100));
    out.println(
        "Every algorithm on these jobs (round robin quantum 100, MLFQ quanta 100/200/400):");
    out.print(Reports.comparison(Simulator.compare(JOBS, base)));
    out.println(
        "With every job ready at 0 and no I/O, preemption gains nothing here: shortest job");
    out.println(
        "first has the least waiting; round robin and MLFQ answer sooner but finish later.");
    out.println();
  }

  /** The tasks of one policy on a fresh one-worker pool, next to the simulator's schedule. */
  private static void policy(
      PrintWriter out, Context threads, QueuePolicy policy, Algorithm algorithm, String how)
      throws Exception {
    out.println("QueuePolicy." + policy + " (" + how + ") next to " + algorithm.cliName() + ":");
    out.flush();
    Schedule predicted = Simulator.run(JOBS, Config.of(algorithm));
    Map<String, Double> real = realStarts(threads, policy);
    List<JobResult> byStart = new ArrayList<>(predicted.results());
    byStart.sort(Comparator.comparingLong(JobResult::firstRun));
    Table table =
        new Table("job", "burst", "priority", "simulated start", "real start")
            .alignRight(1, 2, 3, 4);
    for (JobResult r : byStart) {
      Job job = JOBS.job(r.name());
      table.row(
          r.name(),
          job.bursts().getFirst() + " ms",
          Integer.toString(job.priority()),
          r.firstRun() + " ms",
          Math.round(real.get(r.name())) + " ms");
    }
    table.print(out);
    List<String> simulatedOrder = byStart.stream().map(JobResult::name).toList();
    List<String> realOrder =
        real.entrySet().stream()
            .sorted(Map.Entry.comparingByValue())
            .map(Map.Entry::getKey)
            .toList();
    out.println(
        "  order: simulator "
            + String.join(" ", simulatedOrder)
            + ", pool "
            + String.join(" ", realOrder)
            + (simulatedOrder.equals(realOrder) ? " (the same)" : " (DIFFERENT)"));
    double realAverage =
        real.values().stream().mapToDouble(Double::doubleValue).average().orElse(0);
    out.println(
        "  average wait: simulator "
            + Math.round(predicted.averageWaiting())
            + " ms, pool "
            + Math.round(realAverage)
            + " ms");
    out.println();
  }

  /**
   * Runs the jobs as sleeping tasks under {@code policy}; returns each job's start in ms after the
   * worker was let go.
   */
  private static Map<String, Double> realStarts(Context threads, QueuePolicy policy)
      throws Exception {
    try (Pool pool = threads.pool(PoolOptions.workers(1).policy(policy))) {
      int before = 0;
      if (policy == QueuePolicy.SHORTEST_JOB_FIRST) {
        for (Job job : JOBS.jobs()) { // one run of each kind teaches the pool its run time
          await(pool.submit(sleeper(job.name())));
          before++;
        }
      }
      Event gate = threads.event();
      List<CompletableFuture<?>> futures = new ArrayList<>();
      try {
        futures.add(pool.submit(() -> gate.await(TASK_LIMIT), Long.MIN_VALUE));
        for (Job job : JOBS.jobs()) {
          futures.add(
              policy == QueuePolicy.PRIORITY
                  ? pool.submit(sleeper(job.name()), job.priority())
                  : pool.submit(sleeper(job.name())));
        }
      } finally {
        gate.set(); // the tasks are queued behind the gate: let the worker go
      }
      for (CompletableFuture<?> f : futures) {
        await(f);
      }
      // the pool numbers its tasks 1, 2, ... as submitted: training, then the gate, then the jobs
      List<Timeline.Entry> entries = entries(pool, before + 1 + JOBS.jobs().size());
      long released = entries.get(before).endNanos();
      Map<String, Double> starts = new TreeMap<>();
      for (int i = 0; i < JOBS.jobs().size(); i++) {
        starts.put(
            JOBS.jobs().get(i).name(), (entries.get(before + 1 + i).startNanos() - released) / 1e6);
      }
      return starts;
    }
  }

  /**
   * A task that sleeps the burst of job {@code name}: one lambda expression per job, so that each
   * job is a kind of task of its own, whose run time a shortest-job-first pool learns.
   */
  private static Task<String> sleeper(String name) {
    return switch (name) {
      case "A" -> () -> sleep("A", 400);
      case "B" -> () -> sleep("B", 100);
      case "C" -> () -> sleep("C", 300);
      case "D" -> () -> sleep("D", 200);
      default -> throw new IllegalArgumentException("no job " + name + " in this chapter");
    };
  }

  private static String sleep(String name, long millis) throws InterruptedException {
    Thread.sleep(millis);
    return name;
  }

  /** The pool's timeline entries by task number once it holds {@code tasks} of them. */
  private static List<Timeline.Entry> entries(Pool pool, int tasks) throws InterruptedException {
    long deadline = System.nanoTime() + TASK_LIMIT.toNanos();
    List<Timeline.Entry> entries = pool.timeline().entries();
    while (entries.size() < tasks && System.nanoTime() < deadline) {
      Thread.sleep(10);
      entries = pool.timeline().entries();
    }
    if (entries.size() < tasks) {
      throw new IllegalStateException(
          "the pool's timeline holds " + entries.size() + " of " + tasks + " tasks");
    }
    List<Timeline.Entry> sorted = new ArrayList<>(entries);
    sorted.sort(Comparator.comparingLong(Timeline.Entry::task));
    return sorted;
  }

  /** The future's result; a task still running after {@link #TASK_LIMIT} is reported. */
  private static Object await(CompletableFuture<?> future) throws InterruptedException {
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
}
