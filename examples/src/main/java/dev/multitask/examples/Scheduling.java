package dev.multitask.examples;

import dev.multitask.sched.Algorithm;
import dev.multitask.sched.Config;
import dev.multitask.sched.GanttChart;
import dev.multitask.sched.JobCsv;
import dev.multitask.sched.JobSet;
import dev.multitask.sched.Mlfq;
import dev.multitask.sched.Reports;
import dev.multitask.sched.Schedule;
import dev.multitask.sched.Simulator;
import dev.multitask.sched.Textbook;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The tutorial's four ways an operating system schedules processes — first come first served,
 * shortest job first, round robin, multilevel feedback queue — on one job set, simulated with
 * {@link dev.multitask.sched}: a Gantt chart and each job's waiting and turnaround times per
 * algorithm, then the averages side by side. The job set is Stallings' five processes A-E (or a job
 * file given as the argument, CSV {@code name,arrival,burst[,priority]}).
 */
public final class Scheduling {
  private static final long QUANTUM = 4;

  private Scheduling() {}

  /**
   * Runs the example.
   *
   * @param args optionally a job file
   * @throws Exception if the job file cannot be read
   */
  public static void main(String[] args) throws Exception {
    JobSet jobs =
        args.length > 0
            ? JobCsv.read(Path.of(args[0]))
            : Textbook.find("stallings").orElseThrow().jobs();
    System.out.println("One job set, four schedulers (" + jobs.name() + "):");
    System.out.print(Reports.jobSet(jobs));
    List<Config> configs =
        List.of(
            Config.of(Algorithm.FCFS),
            Config.of(Algorithm.SJF),
            Config.of(Algorithm.RR).withQuantum(QUANTUM),
            Config.of(Algorithm.MLFQ).withMlfq(Mlfq.doubling(3, 1)));
    List<Schedule> schedules = new ArrayList<>();
    boolean colour = GanttChart.useColour();
    for (Config config : configs) {
      Schedule s = Simulator.run(jobs, config);
      schedules.add(s);
      System.out.println();
      System.out.println("== " + config.describe());
      System.out.print(GanttChart.render(s, colour));
      System.out.print(Reports.jobTable(s));
      System.out.print(Reports.summary(s));
    }
    System.out.println();
    System.out.println("Side by side:");
    System.out.print(Reports.comparison(schedules));
    System.out.println();
    System.out.println("First come, first served makes short jobs wait behind long ones; shortest");
    System.out.println(
        "job first waits least on average but must know the bursts; round robin and");
    System.out.println("the feedback queue answer every job soon (response time), paying in");
    System.out.println("turnaround and context switches.");
  }
}
