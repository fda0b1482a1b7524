package dev.multitask.sched;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The inputs' checks: each bad value is refused with a message that names it. */
class SchedInputTest {
  private static void assertRefused(String fragment, Runnable make) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, make::run);
    assertTrue(e.getMessage().contains(fragment), "'" + fragment + "' in: " + e.getMessage());
  }

  @Test
  void job_badValues_areRefusedByName() {
    assertRefused("arrival must be >= 0", () -> Job.of("A", -1, 3));
    assertRefused(
        "CPU burst 1 must be > 0 and <= " + Job.MAX_TIME + ": burst=0", () -> Job.of("A", 0, 0));
    assertRefused("I/O burst 2 must be > 0", () -> Job.of("A", 0, 3, -1, 2));
    assertRefused("odd number", () -> Job.of("A", 0, 3, 1));
    assertRefused("odd number", () -> Job.of("A", 0));
    assertRefused("name must be non-blank", () -> Job.of(" ", 0, 1));
    assertRefused("commas", () -> Job.of("A,B", 0, 1));
  }

  @Test
  void job_totals_addItsBursts() {
    Job j = Job.of("A", 2, 4, 3, 2, 1, 5);
    assertEquals(11, j.cpuTime());
    assertEquals(4, j.ioTime());
    assertEquals("4/3/2/1/5", j.burstText());
    assertEquals(7, j.withPriority(7).priority());
  }

  @Test
  void jobSet_emptyOrDuplicateNames_areRefused() {
    assertRefused("at least one job", () -> new JobSet("none", List.of()));
    assertRefused(
        "jobs 1 and 3 of dup are both called 'A'",
        () -> JobSet.of("dup", Job.of("A", 0, 1), Job.of("B", 0, 1), Job.of("A", 0, 2)));
    assertRefused("no job 'Z'", () -> JobSet.of("s", Job.of("A", 0, 1)).job("Z"));
  }

  @Test
  void config_quantumZeroOrNegativeSwitchCost_areRefused() {
    assertRefused("quantum must be > 0: quantum=0", () -> Config.of(Algorithm.RR).withQuantum(0));
    assertRefused("quantum must be > 0: quantum=-3", () -> Config.of(Algorithm.RR).withQuantum(-3));
    assertRefused(
        "context switch cost must be >= 0", () -> Config.of(Algorithm.RR).withContextSwitch(-1));
  }

  @Test
  void mlfq_badSettings_areRefused() {
    assertRefused("quantum must be > 0: quantum=0 (level 1)", () -> Mlfq.of(4, 0));
    assertRefused("1 to 64 levels", () -> Mlfq.of());
    assertRefused("one allotment per level", () -> Mlfq.of(4, 8).withAllotments(4));
    assertRefused("allotment must be > 0", () -> Mlfq.of(4).withAllotments(0));
    assertRefused("boost period must be >= 0", () -> Mlfq.of(4).withBoost(-1));
    assertRefused("levels=0", () -> Mlfq.doubling(0, 4));
  }

  @Test
  void mlfq_doubling_doublesTheQuantumPerLevel() {
    assertEquals(List.of(8L, 16L, 32L), Mlfq.doubling(3, 8).quanta());
    assertEquals(Mlfq.doubling(3, 4), Mlfq.defaults());
    assertEquals(
        "3 levels, quanta 4/8/16, allotments = quanta, no boost, I/O keeps the level",
        Mlfq.defaults().describe());
  }

  @Test
  void algorithm_byName_findsEveryCliNameAndRefusesOthers() {
    for (Algorithm a : Algorithm.values()) {
      assertEquals(a, Algorithm.byName(a.cliName()));
      assertEquals(a, Algorithm.byName(a.cliName().toUpperCase(java.util.Locale.ROOT)));
    }
    assertEquals(
        "fcfs, sjf, srtf, priority, priority-preemptive, rr, mlfq, hrrn", Algorithm.names());
    assertRefused(
        "unknown algorithm 'lottery': choose one of fcfs, sjf,", () -> Algorithm.byName("lottery"));
  }

  @Test
  void simulator_tooManyEvents_isRefusedInsteadOfRunningForever() {
    JobSet jobs = JobSet.of("long", Job.of("A", 0, Job.MAX_TIME), Job.of("B", 0, Job.MAX_TIME));
    assertRefused(
        "needs more than " + Simulator.MAX_EVENTS + " scheduling events",
        () -> Simulator.run(jobs, Config.of(Algorithm.RR).withQuantum(1)));
  }

  @Test
  void simulator_hugeTimes_doNotOverflow() {
    JobSet jobs =
        JobSet.of(
            "huge",
            Job.of("A", Job.MAX_TIME, Job.MAX_TIME, Job.MAX_TIME, Job.MAX_TIME),
            Job.of("B", Job.MAX_TIME, Job.MAX_TIME));
    for (Algorithm a : Algorithm.values()) {
      Schedule s =
          Simulator.run(
              jobs,
              Config.of(a)
                  .withQuantum(Job.MAX_TIME / 2)
                  .withContextSwitch(Job.MAX_TIME)
                  .withMlfq(Mlfq.of(Job.MAX_TIME / 2, Mlfq.UNLIMITED).withBoost(Job.MAX_TIME)));
      SchedPropertyTest.check(s);
    }
  }

  @Test
  void compare_runsEveryAlgorithmInOrder() {
    List<Schedule> all =
        Simulator.compare(
            Textbook.find("stallings").orElseThrow().jobs(), Config.of(Algorithm.FCFS));
    assertEquals(
        List.of(Algorithm.values()), all.stream().map(s -> s.config().algorithm()).toList());
  }
}
