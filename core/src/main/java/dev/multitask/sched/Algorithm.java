package dev.multitask.sched;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The scheduling algorithms of the simulator, with the names the command line uses. */
public enum Algorithm {
  /** First come, first served: the ready queue's order; never preempts. */
  FCFS("fcfs", "first come, first served"),
  /** Shortest job first: the shortest next CPU burst; never preempts. */
  SJF("sjf", "shortest job first"),
  /**
   * Shortest remaining time first: preemptive SJF; a job that becomes ready with a strictly shorter
   * burst preempts.
   */
  SRTF("srtf", "shortest remaining time first"),
  /** Priority: the highest priority; never preempts. */
  PRIORITY("priority", "priority, non-preemptive"),
  /** Preemptive priority: a job that becomes ready with a strictly higher priority preempts. */
  PRIORITY_PREEMPTIVE("priority-preemptive", "priority, preemptive"),
  /** Round robin: the ready queue's order, each run at most one quantum. */
  RR("rr", "round robin"),
  /** Multilevel feedback queue, set up by {@link Mlfq}. */
  MLFQ("mlfq", "multilevel feedback queue"),
  /** Highest response ratio next: (waiting + burst) / burst, highest first; never preempts. */
  HRRN("hrrn", "highest response ratio next");

  private final String cliName;
  private final String title;

  Algorithm(String cliName, String title) {
    this.cliName = cliName;
    this.title = title;
  }

  /**
   * The name on the command line, such as {@code priority-preemptive}.
   *
   * @return the name
   */
  public String cliName() {
    return cliName;
  }

  /**
   * What it is called in words, such as {@code round robin}.
   *
   * @return the title
   */
  public String title() {
    return title;
  }

  /**
   * Whether a job may lose the CPU before its burst ends (to a better job, or at a quantum's end).
   *
   * @return true for SRTF, preemptive priority, RR and MLFQ
   */
  public boolean isPreemptive() {
    return this == SRTF || this == PRIORITY_PREEMPTIVE || this == RR || this == MLFQ;
  }

  /**
   * The algorithm called {@code name} on the command line (case does not matter).
   *
   * @param name such as {@code fcfs} or {@code rr}
   * @return the algorithm
   * @throws IllegalArgumentException naming the known names if there is none by that name
   */
  public static Algorithm byName(String name) {
    String wanted = name == null ? "" : name.strip().toLowerCase(Locale.ROOT);
    for (Algorithm a : values()) {
      if (a.cliName.equals(wanted)) {
        return a;
      }
    }
    throw new IllegalArgumentException(
        "unknown algorithm '" + name + "': choose one of " + names());
  }

  /**
   * The command-line names, comma-separated, in declaration order.
   *
   * @return such as {@code fcfs, sjf, srtf, ...}
   */
  public static String names() {
    return Arrays.stream(values()).map(Algorithm::cliName).collect(Collectors.joining(", "));
  }
}
