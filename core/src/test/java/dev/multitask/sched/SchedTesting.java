package dev.multitask.sched;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;

/**
 * What the simulator tests share: a schedule's timeline in one line, and the averages checked at
 * once.
 */
final class SchedTesting {
  private SchedTesting() {}

  /**
   * The timeline as {@code "P1:0-4 P2:4-7"}: runs as {@code job:start-end} (with {@code qN} for an
   * MLFQ level), idle time as {@code .:start-end}, a context switch as {@code /job:start-end}.
   */
  static String chart(Schedule s) {
    List<String> parts = new ArrayList<>();
    for (Segment seg : s.timeline()) {
      String span = seg.start() + "-" + seg.end();
      parts.add(
          switch (seg.kind()) {
            case RUN -> seg.job() + ":" + span + (seg.level() >= 0 ? "q" + seg.level() : "");
            case IDLE -> ".:" + span;
            case SWITCH -> "/" + seg.job() + ":" + span;
          });
    }
    return String.join(" ", parts);
  }

  /** Asserts the three averages, to 1e-9. */
  static void assertAverages(Schedule s, double waiting, double turnaround, double response) {
    String what = s.config().describe() + ": " + chart(s);
    assertEquals(waiting, s.averageWaiting(), 1e-9, "average waiting, " + what);
    assertEquals(turnaround, s.averageTurnaround(), 1e-9, "average turnaround, " + what);
    assertEquals(response, s.averageResponse(), 1e-9, "average response, " + what);
  }

  /** Completion times in input order. */
  static List<Long> completions(Schedule s) {
    return s.results().stream().map(JobResult::completion).toList();
  }

  static Config rr(long quantum) {
    return Config.of(Algorithm.RR).withQuantum(quantum);
  }
}
