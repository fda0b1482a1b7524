package dev.multitask.sched;

import static dev.multitask.sched.SchedTesting.chart;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Properties every schedule must have, checked on {@value #SETS} random job sets (seeded, so a
 * failure repeats) under every algorithm with random settings: the timeline covers the time without
 * gaps or overlaps (at most one job on the CPU at any instant); each job's CPU bursts are served
 * exactly once, in order, never before it arrives nor while it is in I/O; the results agree with
 * the timeline (completion, first run, I/O, waiting ≥ 0); the CPU idles only when no job is ready;
 * the context-switch count matches the timeline; non-preemptive algorithms run each burst in one
 * piece; round robin runs a job past its quantum only when no other job is ready; the simulation is
 * deterministic. The checks rebuild each job's life from its bursts and the timeline, not from the
 * simulator's own bookkeeping.
 */
class SchedPropertyTest {
  private static final int SETS = 1500;
  private static final long SEED = 22;

  @Test
  void randomJobSets_everyAlgorithm_scheduleIsConsistent() {
    Random random = new Random(SEED);
    int checked = 0;
    for (int n = 0; n < SETS; n++) {
      JobSet jobs = randomJobs(random, n);
      for (Algorithm algorithm : Algorithm.values()) {
        Config config = randomConfig(random, algorithm);
        Schedule s;
        try {
          s = Simulator.run(jobs, config);
        } catch (RuntimeException e) {
          throw new AssertionError("set " + n + " " + config + "\njobs " + JobCsv.write(jobs), e);
        }
        String where =
            "set " + n + " " + config + "\njobs " + JobCsv.write(jobs) + "timeline " + chart(s);
        try {
          check(s);
          assertEquals(s, Simulator.run(jobs, config), "deterministic");
        } catch (AssertionError e) {
          fail(where + "\n" + e.getMessage(), e);
        }
        checked++;
      }
    }
    assertEquals(SETS * Algorithm.values().length, checked);
  }

  private static JobSet randomJobs(Random random, int n) {
    int count = 1 + random.nextInt(7);
    List<Job> jobs = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      int bursts = 1 + 2 * random.nextInt(3); // 1, 3 or 5
      long[] b = new long[bursts];
      for (int k = 0; k < bursts; k++) {
        b[k] = 1 + random.nextInt(k % 2 == 0 ? 9 : 6);
      }
      jobs.add(
          Job.of("J" + i, random.nextInt(4) == 0 ? 0 : random.nextInt(25), b)
              .withPriority(random.nextInt(4)));
    }
    return new JobSet("random-" + n, jobs);
  }

  private static Config randomConfig(Random random, Algorithm algorithm) {
    int levels = 1 + random.nextInt(4);
    long[] quanta = new long[levels];
    long[] allotments = new long[levels];
    for (int i = 0; i < levels; i++) {
      quanta[i] = 1 + random.nextInt(6);
      allotments[i] = 1 + random.nextInt(12);
    }
    Mlfq mlfq =
        Mlfq.of(quanta)
            .withAllotments(allotments)
            .withBoost(random.nextBoolean() ? 0 : 1 + random.nextInt(30))
            .withAfterIo(random.nextBoolean() ? Mlfq.AfterIo.KEEP : Mlfq.AfterIo.RAISE);
    return Config.of(algorithm)
        .withQuantum(1 + random.nextInt(5))
        .withContextSwitch(random.nextInt(3) == 0 ? 0 : random.nextInt(4))
        .withArrivalsFirst(random.nextInt(4) != 0)
        .withHighNumberFirst(random.nextBoolean())
        .withTieBreak(Config.TieBreak.values()[random.nextInt(Config.TieBreak.values().length)])
        .withMlfq(mlfq);
  }

  /** Everything a schedule must satisfy. */
  static void check(Schedule s) {
    List<Segment> timeline = s.timeline();
    Config config = s.config();
    // one thing at a time on the CPU, from 0 to the last completion, without gaps
    long at = 0;
    for (Segment seg : timeline) {
      assertEquals(at, seg.start(), "segments follow each other without gap or overlap");
      at = seg.end();
      if (seg.kind() != Segment.Kind.IDLE) {
        s.jobs().job(seg.job()); // names a job of the set
      }
      boolean levelled = config.algorithm() == Algorithm.MLFQ && seg.kind() == Segment.Kind.RUN;
      assertTrue(
          levelled ? seg.level() >= 0 && seg.level() < config.mlfq().levels() : seg.level() == -1,
          "level " + seg.level());
    }
    long end = s.results().stream().mapToLong(JobResult::completion).max().orElseThrow();
    assertEquals(end, at, "the timeline ends with the last completion");
    List<List<Interval>> readyTimes = new ArrayList<>();
    for (int i = 0; i < s.jobs().jobs().size(); i++) {
      readyTimes.add(checkJob(s, s.jobs().jobs().get(i), s.results().get(i)));
    }
    checkIdle(timeline, readyTimes);
    checkSwitches(s);
    if (!config.algorithm().isPreemptive()) {
      checkBurstsInOnePiece(s);
    }
    if (config.algorithm() == Algorithm.RR && config.arrivalsFirst()) {
      checkQuantum(s, readyTimes);
    }
  }

  /**
   * Replays a job's bursts over its run segments; returns the times it was ready (arrived, not
   * done, neither running nor in I/O).
   */
  private static List<Interval> checkJob(Schedule s, Job job, JobResult result) {
    assertEquals(job.name(), result.name());
    List<Segment> runs =
        s.timeline().stream()
            .filter(seg -> seg.kind() == Segment.Kind.RUN && seg.job().equals(job.name()))
            .toList();
    assertTrue(!runs.isEmpty(), job.name() + " ran");
    long served = runs.stream().mapToLong(Segment::length).sum();
    assertEquals(job.cpuTime(), served, job.name() + "'s CPU time is served exactly once");
    List<Interval> io = new ArrayList<>();
    List<Interval> busy = new ArrayList<>();
    int burst = 0;
    long left = job.bursts().getFirst();
    long readyFrom = job.arrival();
    for (Segment run : runs) {
      assertTrue(
          run.start() >= readyFrom,
          job.name()
              + " runs at "
              + run.start()
              + " before it is ready at "
              + readyFrom
              + (burst == 0 ? " (its arrival)" : " (the end of its I/O)"));
      assertTrue(
          run.length() <= left, job.name() + " runs past the end of its burst at " + run.start());
      left -= run.length();
      busy.add(new Interval(run.start(), run.end()));
      if (left == 0) {
        burst++;
        if (burst == job.bursts().size()) {
          assertEquals(
              run.end(), result.completion(), job.name() + "'s completion is its last run's end");
        } else {
          long ioEnd = run.end() + job.bursts().get(burst);
          io.add(new Interval(run.end(), ioEnd));
          busy.add(io.getLast());
          readyFrom = ioEnd;
          burst++;
          left = job.bursts().get(burst);
        }
      }
    }
    assertEquals(job.bursts().size(), burst, job.name() + " finished every burst");
    assertEquals(io, result.io(), job.name() + "'s I/O");
    assertEquals(runs.getFirst().start(), result.firstRun(), job.name() + "'s first run");
    assertEquals(job.arrival(), result.arrival());
    assertEquals(job.cpuTime(), result.cpuTime());
    assertEquals(job.ioTime(), result.ioTime());
    assertTrue(result.waiting() >= 0, job.name() + " waits " + result.waiting());
    assertTrue(result.response() >= 0, job.name() + " responds in " + result.response());
    assertEquals(result.completion() - result.arrival(), result.turnaround());
    // ready = [arrival, completion) minus runs and I/O
    busy.sort(Comparator.comparingLong(Interval::start));
    List<Interval> ready = new ArrayList<>();
    long from = job.arrival();
    for (Interval b : busy) {
      if (b.start() > from) {
        ready.add(new Interval(from, b.start()));
      }
      from = Math.max(from, b.end());
    }
    long waited = ready.stream().mapToLong(Interval::length).sum();
    assertEquals(
        result.waiting(), waited, job.name() + "'s waiting = its time ready but not running");
    return ready;
  }

  /** The CPU idles only while no job is ready. */
  private static void checkIdle(List<Segment> timeline, List<List<Interval>> readyTimes) {
    for (Segment seg : timeline) {
      if (seg.kind() == Segment.Kind.IDLE) {
        for (List<Interval> ready : readyTimes) {
          for (Interval r : ready) {
            assertTrue(
                r.end() <= seg.start() || r.start() >= seg.end(),
                "the CPU idles "
                    + seg.start()
                    + "-"
                    + seg.end()
                    + " while a job is ready "
                    + r.start()
                    + "-"
                    + r.end());
          }
        }
      }
    }
  }

  /**
   * Free switches: the count is the number of changes of job between runs. Costly switches: one
   * segment of the switch's length each, and one between any two runs of different jobs.
   */
  private static void checkSwitches(Schedule s) {
    long cost = s.config().contextSwitch();
    List<Segment> busy =
        s.timeline().stream().filter(seg -> seg.kind() != Segment.Kind.IDLE).toList();
    int changes = 0;
    int switchSegments = 0;
    Segment lastRun = null;
    boolean switchedSinceLastRun = false;
    for (Segment seg : busy) {
      if (seg.kind() == Segment.Kind.SWITCH) {
        switchSegments++;
        switchedSinceLastRun = true;
        assertEquals(cost, seg.length(), "a switch takes the configured time");
        continue;
      }
      if (lastRun != null && !lastRun.job().equals(seg.job())) {
        changes++;
        assertTrue(
            cost == 0 || switchedSinceLastRun,
            "a switch between " + lastRun.job() + " and " + seg.job());
      }
      lastRun = seg;
      switchedSinceLastRun = false;
    }
    if (cost == 0) {
      assertEquals(0, switchSegments, "free switches take no segment");
      assertEquals(changes, s.contextSwitches(), "switches = changes of job");
    } else {
      assertEquals(switchSegments, s.contextSwitches(), "switches = switch segments");
      assertTrue(
          changes <= switchSegments, changes + " changes of job, " + switchSegments + " switches");
    }
  }

  /** A non-preemptive algorithm runs every CPU burst in one segment. */
  private static void checkBurstsInOnePiece(Schedule s) {
    for (Job job : s.jobs().jobs()) {
      long runs =
          s.timeline().stream()
              .filter(seg -> seg.kind() == Segment.Kind.RUN && seg.job().equals(job.name()))
              .count();
      assertEquals((job.bursts().size() + 1) / 2, runs, job.name() + " runs once per CPU burst");
    }
  }

  /** Round robin: at each quantum boundary inside a longer run, no other job was ready. */
  private static void checkQuantum(Schedule s, List<List<Interval>> readyTimes) {
    long q = s.config().quantum();
    List<Job> jobs = s.jobs().jobs();
    for (Segment seg : s.timeline()) {
      if (seg.kind() != Segment.Kind.RUN) {
        continue;
      }
      for (long t = seg.start() + q; t < seg.end(); t += q) {
        for (int i = 0; i < jobs.size(); i++) {
          if (jobs.get(i).name().equals(seg.job())) {
            continue;
          }
          for (Interval r : readyTimes.get(i)) {
            assertTrue(
                t < r.start() || t >= r.end(),
                seg.job()
                    + " runs past its quantum at "
                    + t
                    + " while "
                    + jobs.get(i).name()
                    + " is ready");
          }
        }
      }
    }
  }
}
