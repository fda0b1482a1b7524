package dev.multitask.sched;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * One simulation: an event loop over the instants at which something happens (an arrival, the end
 * of an I/O burst, of a run, of a context switch, a boost). At each instant, in this order:
 *
 * <ol>
 *   <li>the running job's run ends if it is due: its burst is over (it starts I/O or is done), or
 *       its quantum or allotment is (it will rejoin the ready queue);
 *   <li>the jobs that arrive or come back from I/O now become ready, in input order;
 *   <li>an MLFQ boost due now moves every job to level 0 (the running job goes on running there);
 *   <li>a preemptive algorithm stops the running job if a waiting job is strictly better;
 *   <li>the jobs of 1 and 4 that must wait, and those of 2, join the ready queue in the order
 *       {@link Config#arrivalsFirst()} says;
 *   <li>a free CPU takes the best ready job, after a context switch if it is not the job last on
 *       the CPU.
 * </ol>
 *
 * Between two instants the CPU runs one job, switches, or is idle; the segments are recorded as
 * they pass. Not thread-safe: one per {@link Simulator#run} call.
 */
final class Engine {
  private enum State {
    WAITING,
    READY,
    RUNNING,
    IO,
    DONE
  }

  /** A job's state during the simulation. */
  private static final class Proc {
    final Job job;
    final int index;
    State state = State.WAITING;

    /** The index of the current burst in {@code job.bursts()}: even for CPU, odd for I/O. */
    int burst;

    /** What is left of the current CPU burst. */
    long left;

    /** When it last joined the ready queue. */
    long readyAt;

    /** Its place in the ready queue's order: lower joined earlier. */
    long seq;

    long ioEnd;
    int level;

    /** CPU time used of the current MLFQ allotment. */
    long used;

    long firstRun = -1;
    long completion = -1;
    final List<Interval> io = new ArrayList<>();

    Proc(Job job, int index) {
      this.job = job;
      this.index = index;
    }
  }

  private final JobSet jobSet;
  private final Config config;
  private final Algorithm algorithm;
  private final Mlfq mlfq;
  private final Proc[] procs;
  private final List<Proc> ready = new ArrayList<>();
  private final List<Segment> timeline = new ArrayList<>();
  private final Comparator<Proc> order;
  private long now;
  private long seq;

  /** The job on the CPU, or being switched to (then {@code runStart > now}). */
  private Proc running;

  private long runStart;

  /** When the running job's run ends unless it is stopped; -1 until its run has started. */
  private long sliceEnd = -1;

  /** Whose context is on the CPU: the last job that ran or was switched to. */
  private Proc loaded;

  private int switches;
  private int done;
  private long nextBoost = Long.MAX_VALUE;

  Engine(JobSet jobSet, Config config) {
    this.jobSet = jobSet;
    this.config = config;
    this.algorithm = config.algorithm();
    this.mlfq = algorithm == Algorithm.MLFQ ? config.mlfq() : null;
    this.procs = new Proc[jobSet.jobs().size()];
    for (int i = 0; i < procs.length; i++) {
      procs[i] = new Proc(jobSet.jobs().get(i), i);
    }
    this.order = order();
  }

  Schedule run() {
    if (boosting()) {
      nextBoost = mlfq.boostPeriod();
    }
    for (int events = 1; ; events++) {
      if (events > Simulator.MAX_EVENTS) {
        throw new IllegalArgumentException(
            "the simulation of "
                + jobSet.name()
                + " needs more than "
                + Simulator.MAX_EVENTS
                + " scheduling events (at time "
                + now
                + "): use a larger quantum or boost period, or shorter bursts");
      }
      if (running != null && sliceEnd < 0 && runStart == now) {
        sliceEnd = Math.addExact(now, slice(running)); // a context switch has just ended
      }
      Proc stopped = running != null && sliceEnd == now ? endRun() : null;
      List<Proc> arrived = becomeReady();
      // boosts pass unseen while no job is active (they would change nothing): catch up
      if (boosting() && nextBoost < now) {
        long period = mlfq.boostPeriod();
        nextBoost = Math.addExact(now / period * period, now % period == 0 ? 0 : period);
      }
      if (boosting() && now == nextBoost) {
        nextBoost = Math.addExact(now, mlfq.boostPeriod());
        boost();
      }
      if (stopped == null && isRunning() && betterWaits(arrived)) {
        stopped = stop();
      }
      if (config.arrivalsFirst()) {
        arrived.forEach(this::join);
        join(stopped);
      } else {
        join(stopped);
        arrived.forEach(this::join);
      }
      if (running == null) {
        dispatch();
      }
      if (done == procs.length) {
        return schedule();
      }
      advance(nextEvent());
    }
  }

  // ---- what happens at an instant

  /** The running job's run is over: it goes to I/O, is done, or is returned to rejoin the queue. */
  private Proc endRun() {
    Proc p = running;
    running = null;
    sliceEnd = -1;
    demoteIfSpent(p);
    if (p.left > 0) {
      return p;
    }
    p.burst++;
    if (p.burst == p.job.bursts().size()) {
      p.state = State.DONE;
      p.completion = now;
      done++;
    } else {
      p.state = State.IO;
      p.ioEnd = Math.addExact(now, p.job.bursts().get(p.burst));
      p.io.add(new Interval(now, p.ioEnd));
    }
    return null;
  }

  /**
   * The running job stops before its run's end (a better job preempts it); returned to rejoin the
   * queue.
   */
  private Proc stop() {
    Proc p = running;
    running = null;
    sliceEnd = -1;
    demoteIfSpent(p);
    return p;
  }

  /** The jobs that arrive or end their I/O now, in input order (not yet in the queue). */
  private List<Proc> becomeReady() {
    List<Proc> arrived = new ArrayList<>();
    for (Proc p : procs) {
      if (p.state == State.WAITING && p.job.arrival() == now) {
        p.left = p.job.bursts().getFirst();
        arrived.add(p);
      } else if (p.state == State.IO && p.ioEnd == now) {
        p.burst++;
        p.left = p.job.bursts().get(p.burst);
        if (mlfq != null && mlfq.afterIo() == Mlfq.AfterIo.RAISE) {
          p.level = Math.max(0, p.level - 1);
          p.used = 0;
        }
        arrived.add(p);
      }
    }
    return arrived;
  }

  /**
   * Every job that has arrived moves to level 0 with a new allotment; the queue keeps level order.
   * A running job keeps the CPU, its run going on as a run on level 0 from now.
   */
  private void boost() {
    ready.sort(Comparator.comparingInt((Proc p) -> p.level).thenComparingLong(p -> p.seq));
    for (Proc p : ready) {
      p.seq = ++seq;
    }
    for (Proc p : procs) {
      if (p.state != State.WAITING && p.state != State.DONE) {
        p.level = 0;
        p.used = 0;
      }
    }
    if (isRunning()) {
      sliceEnd = Math.addExact(now, slice(running));
    }
  }

  /** Whether a waiting or arriving job is strictly better than the running one, so preempts it. */
  private boolean betterWaits(List<Proc> arrived) {
    for (List<Proc> list : List.of(ready, arrived)) {
      for (Proc p : list) {
        boolean better =
            switch (algorithm) {
              case SRTF -> p.left < running.left;
              case PRIORITY_PREEMPTIVE -> priorityKey(p) < priorityKey(running);
              case MLFQ -> p.level < running.level;
              default -> false;
            };
        if (better) {
          return true;
        }
      }
    }
    return false;
  }

  private void join(Proc p) {
    if (p != null) {
      p.state = State.READY;
      p.readyAt = now;
      p.seq = ++seq;
      ready.add(p);
    }
  }

  /** The CPU takes the best ready job, switching to it first if another job was on the CPU. */
  private void dispatch() {
    Proc p = null;
    for (Proc candidate : ready) {
      if (p == null || order.compare(candidate, p) < 0) {
        p = candidate;
      }
    }
    if (p == null) {
      return;
    }
    ready.remove(p);
    p.state = State.RUNNING;
    running = p;
    boolean switching = loaded != null && loaded != p;
    loaded = p;
    if (switching) {
      switches++;
    }
    if (switching && config.contextSwitch() > 0) {
      runStart = Math.addExact(now, config.contextSwitch());
      sliceEnd = -1; // set when the switch ends: a boost meanwhile may change the job's level
      add(Segment.Kind.SWITCH, p.job.name(), now, runStart, -1);
    } else {
      runStart = now;
      sliceEnd = Math.addExact(now, slice(p));
    }
  }

  // ---- between instants

  private long nextEvent() {
    long next = Long.MAX_VALUE;
    boolean active = running != null || !ready.isEmpty();
    for (Proc p : procs) {
      if (p.state == State.WAITING) {
        next = Math.min(next, p.job.arrival());
      } else if (p.state == State.IO) {
        next = Math.min(next, p.ioEnd);
        active = true;
      }
    }
    if (running != null) {
      next = Math.min(next, runStart > now ? runStart : sliceEnd);
    }
    if (boosting() && active) {
      next = Math.min(next, nextBoost);
    }
    if (next <= now || next == Long.MAX_VALUE) {
      throw new IllegalStateException(
          "no progress at time " + now + " simulating " + jobSet.name());
    }
    return next;
  }

  /** Time passes to {@code next}: the running job runs (after any switch), or the CPU idles. */
  private void advance(long next) {
    if (running == null) {
      add(Segment.Kind.IDLE, "", now, next, -1);
    } else {
      long from = Math.max(now, runStart);
      if (next > from) {
        long ran = next - from;
        running.left -= ran;
        running.used += ran;
        if (running.firstRun < 0) {
          running.firstRun = from;
        }
        add(Segment.Kind.RUN, running.job.name(), from, next, mlfq == null ? -1 : running.level);
      }
    }
    now = next;
  }

  private void add(Segment.Kind kind, String job, long start, long end, int level) {
    if (!timeline.isEmpty() && kind != Segment.Kind.SWITCH) {
      Segment last = timeline.getLast();
      if (last.kind() == kind
          && last.job().equals(job)
          && last.level() == level
          && last.end() == start) {
        timeline.set(timeline.size() - 1, new Segment(kind, job, last.start(), end, level));
        return;
      }
    }
    timeline.add(new Segment(kind, job, start, end, level));
  }

  // ---- the algorithms' rules

  /** How long the job may run now before the scheduler decides again. */
  private long slice(Proc p) {
    return switch (algorithm) {
      case RR -> Math.min(p.left, config.quantum());
      case MLFQ ->
          Math.min(p.left, Math.min(mlfq.quantum(p.level), mlfq.allotment(p.level) - p.used));
      default -> p.left;
    };
  }

  /** Under MLFQ, a job that has used its level's allotment moves one level down with a new one. */
  private void demoteIfSpent(Proc p) {
    if (mlfq != null && p.used >= mlfq.allotment(p.level)) {
      p.level = Math.min(p.level + 1, mlfq.levels() - 1);
      p.used = 0;
    }
  }

  private boolean boosting() {
    return mlfq != null && mlfq.boostPeriod() > 0;
  }

  private boolean isRunning() {
    return running != null && runStart <= now;
  }

  private long priorityKey(Proc p) {
    return config.highNumberFirst() ? -(long) p.job.priority() : p.job.priority();
  }

  /** Which ready job the CPU takes: the least in this order. */
  private Comparator<Proc> order() {
    Comparator<Proc> tie =
        switch (config.tieBreak()) {
          case EARLIER_ARRIVAL ->
              Comparator.comparingLong((Proc p) -> p.job.arrival()).thenComparingInt(p -> p.index);
          case QUEUE_ORDER -> Comparator.comparingLong((Proc p) -> p.seq);
          case INPUT_ORDER -> Comparator.comparingInt((Proc p) -> p.index);
        };
    return switch (algorithm) {
      case FCFS, RR -> Comparator.comparingLong((Proc p) -> p.seq);
      case SJF, SRTF -> Comparator.comparingLong((Proc p) -> p.left).thenComparing(tie);
      case PRIORITY, PRIORITY_PREEMPTIVE ->
          Comparator.comparingLong(this::priorityKey).thenComparing(tie);
      case HRRN -> ((Comparator<Proc>) this::byResponseRatio).thenComparing(tie);
      case MLFQ -> Comparator.comparingInt((Proc p) -> p.level).thenComparingLong(p -> p.seq);
    };
  }

  /**
   * Highest response ratio first: (w + s) / s, with w the time since the job last became ready and
   * s its burst, compared exactly as (wa + sa)·sb against (wb + sb)·sa.
   */
  private int byResponseRatio(Proc a, Proc b) {
    long ra = now - a.readyAt + a.left;
    long rb = now - b.readyAt + b.left;
    return compareProducts(rb, a.left, ra, b.left);
  }

  /** Compares x1·y1 with x2·y2 for non-negative factors, without overflow. */
  static int compareProducts(long x1, long y1, long x2, long y2) {
    long high1 = Math.multiplyHigh(x1, y1);
    long high2 = Math.multiplyHigh(x2, y2);
    return high1 != high2 ? Long.compare(high1, high2) : Long.compareUnsigned(x1 * y1, x2 * y2);
  }

  private Schedule schedule() {
    List<JobResult> results = new ArrayList<>();
    for (Proc p : procs) {
      results.add(
          new JobResult(
              p.job.name(),
              p.job.arrival(),
              p.job.cpuTime(),
              p.job.ioTime(),
              p.firstRun,
              p.completion,
              p.io));
    }
    return new Schedule(jobSet, config, timeline, results, switches);
  }
}
