package dev.multitask.sched;

import static dev.multitask.sched.SchedTesting.assertAverages;
import static dev.multitask.sched.SchedTesting.chart;
import static dev.multitask.sched.SchedTesting.completions;
import static dev.multitask.sched.SchedTesting.rr;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The simulator against textbook answer keys: the job sets and averages of Silberschatz, Galvin and
 * Gagne, <i>Operating System Concepts</i>, 9th ed., §6.3 ("OSC"), and of Stallings, <i>Operating
 * Systems: Internals and Design Principles</i>, ch. 9, Table 9.5; plus job sets computed by hand,
 * the working written in comments. Times: W waiting, T turnaround, R response.
 */
class SchedAnswerKeyTest {
  private static final JobSet OSC_FCFS =
      JobSet.of("osc-fcfs", Job.of("P1", 0, 24), Job.of("P2", 0, 3), Job.of("P3", 0, 3));

  /**
   * OSC §6.3.1: P1 24, P2 3, P3 3 at 0: W = (0 + 24 + 27) / 3 = 17, T = (24 + 27 + 30) / 3 = 27.
   */
  @Test
  void fcfs_silberschatz_averageWaiting17() {
    Schedule s = Simulator.run(OSC_FCFS, Config.of(Algorithm.FCFS));
    assertEquals("P1:0-24 P2:24-27 P3:27-30", chart(s));
    assertAverages(s, 17, 27, 17);
    assertEquals(2, s.contextSwitches());
  }

  /**
   * OSC §6.3.1: the same jobs in the order P2, P3, P1: W = (6 + 0 + 3) / 3 = 3 (the convoy effect
   * gone).
   */
  @Test
  void fcfs_silberschatzShortJobsFirst_averageWaiting3() {
    JobSet jobs =
        JobSet.of("osc-fcfs-2", Job.of("P2", 0, 3), Job.of("P3", 0, 3), Job.of("P1", 0, 24));
    Schedule s = Simulator.run(jobs, Config.of(Algorithm.FCFS));
    assertEquals("P2:0-3 P3:3-6 P1:6-30", chart(s));
    assertEquals(3, s.averageWaiting(), 1e-9);
  }

  /**
   * OSC §6.3.2: P1 6, P2 8, P3 7, P4 3 at 0. SJF: P4 0-3, P1 3-9, P3 9-16, P2 16-24; W = (3 + 16 +
   * 9 + 0) / 4 = 7, T = (9 + 24 + 16 + 3) / 4 = 13. FCFS would wait (0 + 6 + 14 + 21) / 4 = 10.25.
   */
  @Test
  void sjf_silberschatz_averageWaiting7() {
    JobSet jobs =
        JobSet.of(
            "osc-sjf",
            Job.of("P1", 0, 6),
            Job.of("P2", 0, 8),
            Job.of("P3", 0, 7),
            Job.of("P4", 0, 3));
    Schedule s = Simulator.run(jobs, Config.of(Algorithm.SJF));
    assertEquals("P4:0-3 P1:3-9 P3:9-16 P2:16-24", chart(s));
    assertAverages(s, 7, 13, 7);
    assertEquals(10.25, Simulator.run(jobs, Config.of(Algorithm.FCFS)).averageWaiting(), 1e-9);
  }

  /**
   * OSC §6.3.2: P1 0/8, P2 1/4, P3 2/9, P4 3/5 (arrival/burst). SRTF: P1 0-1, P2 1-5, P4 5-10, P1
   * 10-17, P3 17-26; W = (9 + 0 + 15 + 2) / 4 = 6.5, T = (17 + 4 + 24 + 7) / 4 = 13, R = (0 + 0 +
   * 15 + 2) / 4 = 4.25. Non-preemptive SJF: P1 0-8, P2 8-12, P4 12-17, P3 17-26, W = 7.75.
   */
  @Test
  void srtf_silberschatz_averageWaiting6point5() {
    JobSet jobs =
        JobSet.of(
            "osc-srtf",
            Job.of("P1", 0, 8),
            Job.of("P2", 1, 4),
            Job.of("P3", 2, 9),
            Job.of("P4", 3, 5));
    Schedule s = Simulator.run(jobs, Config.of(Algorithm.SRTF));
    assertEquals("P1:0-1 P2:1-5 P4:5-10 P1:10-17 P3:17-26", chart(s));
    assertAverages(s, 6.5, 13, 4.25);
    Schedule sjf = Simulator.run(jobs, Config.of(Algorithm.SJF));
    assertEquals("P1:0-8 P2:8-12 P4:12-17 P3:17-26", chart(sjf));
    assertEquals(7.75, sjf.averageWaiting(), 1e-9);
  }

  /**
   * OSC §6.3.3: P1 10 (priority 3), P2 1 (1), P3 2 (4), P4 1 (5), P5 5 (2) at 0. P2 0-1, P5 1-6, P1
   * 6-16, P3 16-18, P4 18-19; W = (6 + 0 + 16 + 18 + 1) / 5 = 8.2, T = (16 + 1 + 18 + 19 + 6) / 5 =
   * 12.
   */
  @Test
  void priority_silberschatz_averageWaiting8point2() {
    Schedule s =
        Simulator.run(
            Textbook.find("silberschatz-priority").orElseThrow().jobs(),
            Config.of(Algorithm.PRIORITY));
    assertEquals("P2:0-1 P5:1-6 P1:6-16 P3:16-18 P4:18-19", chart(s));
    assertAverages(s, 8.2, 12, 8.2);
  }

  /**
   * OSC §6.3.4: P1 24, P2 3, P3 3, quantum 4. P1 0-4, P2 4-7, P3 7-10, P1 10-30 (alone, no switch);
   * W = (6 + 4 + 7) / 3 = 5.66, T = (30 + 7 + 10) / 3 = 15.67, R = (0 + 4 + 7) / 3.
   */
  @Test
  void rr_silberschatzQuantum4_averageWaiting5point66() {
    Schedule s = Simulator.run(OSC_FCFS, rr(4));
    assertEquals("P1:0-4 P2:4-7 P3:7-10 P1:10-30", chart(s));
    assertAverages(s, 17 / 3.0, 47 / 3.0, 11 / 3.0);
    assertEquals(3, s.contextSwitches());
  }

  /**
   * OSC §6.3.4 with a context switch of 1: P1 0-4, switch, P2 5-8, switch, P3 9-12, switch, P1
   * 13-33; W = (9 + 5 + 9) / 3, T = (33 + 8 + 12) / 3, CPU use 30 / 33.
   */
  @Test
  void rr_contextSwitchCost_delaysEveryDispatchOfAnotherJob() {
    Schedule s = Simulator.run(OSC_FCFS, rr(4).withContextSwitch(1));
    assertEquals("P1:0-4 /P2:4-5 P2:5-8 /P3:8-9 P3:9-12 /P1:12-13 P1:13-33", chart(s));
    assertAverages(s, 23 / 3.0, 53 / 3.0, 14 / 3.0);
    assertEquals(3, s.contextSwitches());
    assertEquals(30 / 33.0, s.cpuUtilisation(), 1e-9);
  }

  /**
   * Stallings, Table 9.5: A 0/3, B 2/6, C 4/4, D 6/5, E 8/2. Finish times and mean turnaround (Tr)
   * as the table gives them; waiting = Tr − service; response from the schedules of Figure 9.5: RR
   * q=1 first runs A 0, B 2, C 5, D 7, E 10; RR q=4 A 0, B 3, C 7, D 11, E 17; SRT A 0, B 3, C 4, D
   * 15, E 8.
   */
  @Test
  void stallings_table95_finishTimesAndMeanTurnaround() {
    JobSet jobs = Textbook.find("stallings").orElseThrow().jobs();
    record Row(
        Config config, List<Long> finish, double turnaround, double waiting, double response) {}
    List<Row> rows =
        List.of(
            new Row(Config.of(Algorithm.FCFS), List.of(3L, 9L, 13L, 18L, 20L), 8.6, 4.6, 4.6),
            new Row(rr(1), List.of(4L, 18L, 17L, 20L, 15L), 10.8, 6.8, 0.8),
            new Row(rr(4), List.of(3L, 17L, 11L, 20L, 19L), 10.0, 6.0, 3.6),
            new Row(Config.of(Algorithm.SJF), List.of(3L, 9L, 15L, 20L, 11L), 7.6, 3.6, 3.6),
            new Row(Config.of(Algorithm.SRTF), List.of(3L, 15L, 8L, 20L, 10L), 7.2, 3.2, 2.0),
            new Row(Config.of(Algorithm.HRRN), List.of(3L, 9L, 13L, 20L, 15L), 8.0, 4.0, 4.0));
    for (Row row : rows) {
      Schedule s = Simulator.run(jobs, row.config());
      assertEquals(row.finish(), completions(s), row.config().describe() + ": " + chart(s));
      assertAverages(s, row.waiting(), row.turnaround(), row.response());
    }
  }

  /**
   * HRRN at Stallings' t = 9 (B done): C waited 5 for 4 → 2.25, D 3 for 5 → 1.6, E 1 for 2 → 1.5,
   * so C; at 13: D 7 for 5 → 2.4, E 5 for 2 → 3.5, so E before D.
   */
  @Test
  void hrrn_stallings_picksTheHighestResponseRatio() {
    Schedule s =
        Simulator.run(Textbook.find("stallings").orElseThrow().jobs(), Config.of(Algorithm.HRRN));
    assertEquals("A:0-3 B:3-9 C:9-13 E:13-15 D:15-20", chart(s));
  }

  /**
   * By hand: P1 0/5 (priority 3), P2 1/3 (1), P3 2/2 (2), P4 4/1 (1). Preemptive, low first: P1
   * 0-1, P2 1-4 (P3 is lower), P4 4-5, P3 5-7, P1 7-11; T = (11 + 3 + 5 + 1) / 4 = 5, W = (6 + 0 +
   * 3 + 0) / 4 = 2.25, R = (0 + 0 + 3 + 0) / 4 = 0.75. High first: P1 0-5 (nobody higher), P3 5-7,
   * then P2 and P4 tie at 1: P2 arrived first, 7-10, P4 10-11; T = (5 + 9 + 5 + 7) / 4 = 6.5, W =
   * (0 + 6 + 3 + 6) / 4 = 3.75.
   */
  @Test
  void priorityPreemptive_byHand_preemptsOnlyForAStrictlyHigherPriority() {
    JobSet jobs =
        JobSet.of(
            "prio",
            Job.of("P1", 0, 5).withPriority(3),
            Job.of("P2", 1, 3).withPriority(1),
            Job.of("P3", 2, 2).withPriority(2),
            Job.of("P4", 4, 1).withPriority(1));
    Schedule low = Simulator.run(jobs, Config.of(Algorithm.PRIORITY_PREEMPTIVE));
    assertEquals("P1:0-1 P2:1-4 P4:4-5 P3:5-7 P1:7-11", chart(low));
    assertAverages(low, 2.25, 5, 0.75);
    Schedule high =
        Simulator.run(jobs, Config.of(Algorithm.PRIORITY_PREEMPTIVE).withHighNumberFirst(true));
    assertEquals("P1:0-5 P3:5-7 P2:7-10 P4:10-11", chart(high));
    assertAverages(high, 3.75, 6.5, 3.75);
  }

  /**
   * By hand, the built-in io-mix: A 0 4/3/2, B 1 3, C 2 2/2/1. FCFS: A 0-4 (then I/O 4-7), B 4-7,
   * at 7 A is back but C has waited since 2: C 7-9 (I/O 9-11), A 9-11 done, C 11-12 done. A: T 11,
   * W 11 − 6 − 3 = 2, R 0; B: T 6, W 3, R 3; C: T 10, W 10 − 3 − 2 = 5, R 5. Averages W 10/3, T 9,
   * R 8/3; 4 switches, no idle time.
   */
  @Test
  void fcfs_withIo_jobsInIoAreNotReadyAndRejoinAtTheBack() {
    Schedule s =
        Simulator.run(Textbook.find("io-mix").orElseThrow().jobs(), Config.of(Algorithm.FCFS));
    assertEquals("A:0-4 B:4-7 C:7-9 A:9-11 C:11-12", chart(s));
    assertAverages(s, 10 / 3.0, 9, 8 / 3.0);
    assertEquals(4, s.contextSwitches());
    assertEquals(List.of(new Interval(4, 7)), s.result("A").io());
    assertEquals(List.of(new Interval(9, 11)), s.result("C").io());
  }

  /**
   * By hand, io-mix under RR q=2: A 0-2; at 2 C arrives as A's quantum ends, C joins first: queue
   * B, C, A. B 2-4, C 4-6 (burst done, I/O 6-8), A 6-8 (burst done, I/O 8-11), at 8 C is back
   * behind B: B 8-9 done, C 9-10 done, idle 10-11, A 11-13 done. A: T 13, W 4, R 0; B: T 8, W 5, R
   * 1; C: T 8, W 3, R 2. Averages W 4, T 29/3, R 1; 6 switches; CPU use 12/13.
   */
  @Test
  void rr_withIo_idlesWhenEveryJobIsInIo() {
    Schedule s = Simulator.run(Textbook.find("io-mix").orElseThrow().jobs(), rr(2));
    assertEquals("A:0-2 B:2-4 C:4-6 A:6-8 B:8-9 C:9-10 .:10-11 A:11-13", chart(s));
    assertAverages(s, 4, 29 / 3.0, 1);
    assertEquals(6, s.contextSwitches());
    assertEquals(12 / 13.0, s.cpuUtilisation(), 1e-9);
    assertEquals(3 / 13.0, s.throughput(), 1e-9);
  }

  /** A 0/4, B 2/2, quantum 2: at 2 A's quantum ends as B arrives; by default B goes first. */
  @Test
  void rr_arrivalAndQuantumEndAtOneInstant_arrivalFirstUnlessConfigured() {
    JobSet jobs = JobSet.of("same-instant", Job.of("A", 0, 4), Job.of("B", 2, 2));
    assertEquals("A:0-2 B:2-4 A:4-6", chart(Simulator.run(jobs, rr(2))));
    assertEquals("A:0-4 B:4-6", chart(Simulator.run(jobs, rr(2).withArrivalsFirst(false))));
  }

  /**
   * A 0/3, then C (input first) and B tie at 2 when A ends: B arrived at 1, C at 2. Earlier arrival
   * picks B, input order C, queue order B (it joined first).
   */
  @Test
  void sjf_tie_brokenAsConfigured() {
    JobSet jobs = JobSet.of("ties", Job.of("A", 0, 3), Job.of("C", 2, 2), Job.of("B", 1, 2));
    Config sjf = Config.of(Algorithm.SJF);
    assertEquals("A:0-3 B:3-5 C:5-7", chart(Simulator.run(jobs, sjf)));
    assertEquals(
        "A:0-3 C:3-5 B:5-7",
        chart(Simulator.run(jobs, sjf.withTieBreak(Config.TieBreak.INPUT_ORDER))));
    assertEquals(
        "A:0-3 B:3-5 C:5-7",
        chart(Simulator.run(jobs, sjf.withTieBreak(Config.TieBreak.QUEUE_ORDER))));
  }

  /** A 0/4, B 2/2: at 2 both need 2 more; a tie does not preempt. */
  @Test
  void srtf_equalRemainingTime_doesNotPreempt() {
    JobSet jobs = JobSet.of("srtf-tie", Job.of("A", 0, 4), Job.of("B", 2, 2));
    assertEquals("A:0-4 B:4-6", chart(Simulator.run(jobs, Config.of(Algorithm.SRTF))));
  }

  /** A 0/2, B 5/1: the CPU idles from 2 to 5 and B's dispatch after A is a context switch. */
  @Test
  void fcfs_gapBetweenArrivals_idleTimeAndStatistics() {
    JobSet jobs = JobSet.of("gap", Job.of("A", 0, 2), Job.of("B", 5, 1));
    Schedule s = Simulator.run(jobs, Config.of(Algorithm.FCFS).withContextSwitch(1));
    assertEquals("A:0-2 .:2-5 /B:5-6 B:6-7", chart(s));
    assertEquals(1, s.contextSwitches());
    assertEquals(7, s.makespan());
    assertEquals(3 / 7.0, s.cpuUtilisation(), 1e-9);
    assertAverages(s, 0.5, 2, 0.5);
  }

  /**
   * A job arriving after time 0: the timeline starts idle at 0, the statistics at the first
   * arrival.
   */
  @Test
  void timeline_firstArrivalLater_startsIdleAtZero() {
    Schedule s = Simulator.run(JobSet.of("late", Job.of("A", 3, 2)), Config.of(Algorithm.FCFS));
    assertEquals(".:0-3 A:3-5", chart(s));
    assertEquals(2, s.makespan());
    assertEquals(1.0, s.cpuUtilisation(), 1e-9);
  }

  /** Every built-in example meets the averages it claims. */
  @Test
  void textbook_everyExample_meetsItsKnownAverages() {
    for (Textbook.Example e : Textbook.all()) {
      for (Textbook.Known k : e.known()) {
        assertAverages(
            Simulator.run(e.jobs(), k.config()), k.waiting(), k.turnaround(), k.response());
      }
    }
    assertEquals(
        List.of(
            "silberschatz-fcfs",
            "silberschatz-sjf",
            "silberschatz-srtf",
            "silberschatz-priority",
            "silberschatz-rr",
            "stallings",
            "ostep-mlfq",
            "io-mix"),
        Textbook.all().stream().map(Textbook.Example::name).toList());
  }
}
