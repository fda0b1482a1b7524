package dev.multitask.sched;

import static dev.multitask.sched.SchedTesting.assertAverages;
import static dev.multitask.sched.SchedTesting.chart;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * The multilevel feedback queue, checked by hand against the rules written in {@link Mlfq} (OSTEP,
 * Arpaci-Dusseau, <i>Operating Systems: Three Easy Pieces</i>, ch. 8): levels, quanta, allotments,
 * the boost and I/O. Each test's comment is the working.
 */
class SchedMlfqTest {
  private static Config mlfq(Mlfq settings) {
    return Config.of(Algorithm.MLFQ).withMlfq(settings);
  }

  /** OSTEP Figure 8.2: a long job alone uses a quantum on each level and sinks to the bottom. */
  @Test
  void longJobAlone_sinksOneLevelPerQuantum() {
    Schedule s = Simulator.run(JobSet.of("alone", Job.of("A", 0, 50)), mlfq(Mlfq.of(10, 10, 10)));
    assertEquals("A:0-10q0 A:10-20q1 A:20-50q2", chart(s));
    assertEquals(0, s.contextSwitches());
  }

  /**
   * OSTEP Figure 8.4 (the built-in ostep-mlfq): A 0/180 has sunk to level 2 by 20; B arrives at 100
   * on level 0, runs 100-110, drops to level 1, runs 110-120 and is done; A finishes 120-200. A: T
   * 200, W 20; B: T 20, W 0; no one waits to start.
   */
  @Test
  void shortJobArriving_runsFirstAndFinishesBeforeSinking() {
    Schedule s =
        Simulator.run(Textbook.find("ostep-mlfq").orElseThrow().jobs(), mlfq(Mlfq.of(10, 10, 10)));
    assertEquals("A:0-10q0 A:10-20q1 A:20-100q2 B:100-110q0 B:110-120q1 A:120-200q2", chart(s));
    assertAverages(s, 10, 110, 0);
    assertEquals(2, s.contextSwitches());
  }

  /**
   * Quanta 2 and 4, no boost: A 0/10, B 1/6. A 0-2 q0 (B arriving at 1 on the same level does not
   * preempt), drops; B 2-4 q0, drops; level 1 in turn: A 4-8, B 8-12 done, A 12-16 done. A: T 16, W
   * 6, R 0; B: T 11, W 5, R 1.
   */
  @Test
  void withoutBoost_bothJobsStayOnTheBottomLevel() {
    JobSet jobs = JobSet.of("boost", Job.of("A", 0, 10), Job.of("B", 1, 6));
    Schedule s = Simulator.run(jobs, mlfq(Mlfq.of(2, 4)));
    assertEquals("A:0-2q0 B:2-4q0 A:4-8q1 B:8-12q1 A:12-16q1", chart(s));
    assertAverages(s, 5.5, 13.5, 0.5);
  }

  /**
   * The same with a boost every 8: at 8 A's quantum on level 1 ends and the boost lifts A and B to
   * level 0, B first (it was ready, A's run just ended). B 8-10 q0, drops; A 10-12 q0, drops; level
   * 1: B 12-14 done, A 14-16 done. A: T 16, W 6; B: T 13, W 7; 6 switches.
   */
  @Test
  void boost_liftsEveryJobToTheTopLevelPeriodically() {
    JobSet jobs = JobSet.of("boost", Job.of("A", 0, 10), Job.of("B", 1, 6));
    Schedule s = Simulator.run(jobs, mlfq(Mlfq.of(2, 4).withBoost(8)));
    assertEquals("A:0-2q0 B:2-4q0 A:4-8q1 B:8-10q0 A:10-12q0 B:12-14q1 A:14-16q1", chart(s));
    assertAverages(s, 6.5, 14.5, 0.5);
    assertEquals(6, s.contextSwitches());
  }

  /**
   * A boost in the middle of a run lifts the running job, which goes on as a run on level 0: A 0/20
   * alone on quanta 4, 8 with a boost every 6. A 0-4 q0, drops; 4-6 q1; boost: 6-10 q0, drops;
   * 10-12 q1; boost; 12-16 q0; 16-18 q1; boost; 18-20 q0 done.
   */
  @Test
  void boost_midRun_runningJobGoesOnOnTheTopLevel() {
    Schedule s =
        Simulator.run(JobSet.of("alone", Job.of("A", 0, 20)), mlfq(Mlfq.of(4, 8).withBoost(6)));
    assertEquals("A:0-4q0 A:4-6q1 A:6-10q0 A:10-12q1 A:12-16q0 A:16-18q1 A:18-20q0", chart(s));
    assertEquals(0, s.contextSwitches());
  }

  /**
   * Quanta 3 and 6, I/O keeps the level: A 0 4/2/3, B 0 6. A 0-3 q0 and B 3-6 q0 use their
   * allotments and drop. Level 1: A 6-7 ends its burst (I/O 7-9, 1 of its allotment used), B 7-10
   * done; A back at 9 on level 1 does not preempt B; A 10-13 done. A: T 13, W 13 − 7 − 2 = 4; B: T
   * 10, W 4, R 3.
   */
  @Test
  void io_keep_jobReturnsOnItsLevel() {
    JobSet jobs = JobSet.of("io", Job.of("A", 0, 4, 2, 3), Job.of("B", 0, 6));
    Schedule s = Simulator.run(jobs, mlfq(Mlfq.of(3, 6)));
    assertEquals("A:0-3q0 B:3-6q0 A:6-7q1 B:7-10q1 A:10-13q1", chart(s));
    assertAverages(s, 4, 11.5, 1.5);
    assertEquals(4, s.contextSwitches());
  }

  /**
   * The same with I/O raising the level: A comes back at 9 on level 0 and preempts B (level 1, 1
   * left); A 9-12 done; B 12-13 done. A: T 12, W 3; B: T 13, W 7, R 3.
   */
  @Test
  void io_raise_jobReturnsOneLevelHigherAndPreempts() {
    JobSet jobs = JobSet.of("io", Job.of("A", 0, 4, 2, 3), Job.of("B", 0, 6));
    Schedule s = Simulator.run(jobs, mlfq(Mlfq.of(3, 6).withAfterIo(Mlfq.AfterIo.RAISE)));
    assertEquals("A:0-3q0 B:3-6q0 A:6-7q1 B:7-9q1 A:9-12q0 B:12-13q1", chart(s));
    assertAverages(s, 5, 12.5, 1.5);
    assertEquals(5, s.contextSwitches());
  }

  /**
   * An allotment of two quanta: A and B 0/6 on quanta 2, 2 with allotments 4, 4 take turns twice on
   * level 0 before dropping: A 0-2, B 2-4, A 4-6, B 6-8 on q0, then A 8-10, B 10-12 on q1.
   */
  @Test
  void allotmentOfTwoQuanta_jobDropsAfterItsSecondTurn() {
    JobSet jobs = JobSet.of("allot", Job.of("A", 0, 6), Job.of("B", 0, 6));
    Schedule s = Simulator.run(jobs, mlfq(Mlfq.of(2, 2).withAllotments(4, 4)));
    assertEquals("A:0-2q0 B:2-4q0 A:4-6q0 B:6-8q0 A:8-10q1 B:10-12q1", chart(s));
  }

  /**
   * OSTEP's gaming: G 0 4/1/4/1/4 gives up the CPU for I/O before its quantum of 5 ends, L 0/20
   * computes. With I/O keeping what was used (rule 4) G's allotment still runs out: G 0-4 q0 (4
   * used), L 4-9 q0 drops, G 9-10 q0 (the 1 left) drops; on level 1: L 10-15, G 15-18 (I/O 18-19),
   * L 18-23, G 23-25 (its allotment's last 2), L 25-30 done, G 30-32 done.
   */
  @Test
  void io_keep_aJobCannotStayOnTopByYieldingBeforeItsQuantumEnds() {
    JobSet jobs = JobSet.of("gaming", Job.of("G", 0, 4, 1, 4, 1, 4), Job.of("L", 0, 20));
    Schedule s = Simulator.run(jobs, mlfq(Mlfq.of(5, 5)));
    assertEquals(
        "G:0-4q0 L:4-9q0 G:9-10q0 L:10-15q1 G:15-18q1 L:18-23q1 G:23-25q1 L:25-30q1 G:30-32q1",
        chart(s));
  }

  /**
   * Boosts while another job waits: A 0/9 and B 0/9 on quanta 2 and unlimited, boost every 5. A 0-2
   * q0, B 2-4 q0 (both drop), A 4-5 q1; the boost at 5 keeps A running, now on level 0 for at most
   * 2: A 5-7 q0, drops; B (lifted) 7-9 q0, drops; A 9-10 q1; boost at 10: A 10-12 q0 (1 left),
   * drops; B 12-14 q0 (3 left), drops; A 14-15 q1 done; boost at 15 lifts B: 15-17 q0, 17-18 q1.
   */
  @Test
  void boost_whileAnotherJobWaits_runningJobKeepsTheCpuForATopQuantum() {
    JobSet jobs = JobSet.of("boost-two", Job.of("A", 0, 9), Job.of("B", 0, 9));
    Schedule s =
        Simulator.run(
            jobs,
            mlfq(
                new Mlfq(
                    java.util.List.of(2L, Mlfq.UNLIMITED),
                    java.util.List.of(2L, Mlfq.UNLIMITED),
                    5,
                    Mlfq.AfterIo.KEEP)));
    assertEquals(
        "A:0-2q0 B:2-4q0 A:4-5q1 A:5-7q0 B:7-9q0 A:9-10q1 A:10-12q0 B:12-14q0 A:14-15q1 B:15-17q0"
            + " B:17-18q1",
        chart(s));
  }

  /** An unlimited bottom quantum makes the last level first come, first served. */
  @Test
  void unlimitedBottomQuantum_lastLevelRunsToTheEndOfTheBurst() {
    JobSet jobs = JobSet.of("fcfs-bottom", Job.of("A", 0, 9), Job.of("B", 0, 9));
    Schedule s =
        Simulator.run(
            jobs,
            mlfq(
                new Mlfq(
                    java.util.List.of(2L, Mlfq.UNLIMITED),
                    java.util.List.of(2L, Mlfq.UNLIMITED),
                    0,
                    Mlfq.AfterIo.KEEP)));
    assertEquals("A:0-2q0 B:2-4q0 A:4-11q1 B:11-18q1", chart(s));
  }
}
