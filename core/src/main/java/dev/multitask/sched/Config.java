package dev.multitask.sched;

import java.util.Objects;

/**
 * What to simulate with: the algorithm, the round-robin quantum, the cost of a context switch, the
 * MLFQ's set-up and the rules where simulators disagree, written down as settings. Immutable; each
 * {@code with} method returns new settings. {@link #of(Algorithm)} gives the defaults.
 *
 * <p><b>The rules.</b>
 *
 * <ul>
 *   <li><b>Same instant.</b> Jobs that become ready at one instant (arrivals and returns from I/O)
 *       join the ready queue in input order, before the job whose run ends at that instant with
 *       work left (its quantum or allotment over, or preempted) — {@link #arrivalsFirst()}, the
 *       default, as in Stallings' and most textbooks' round-robin tables; {@code false} puts that
 *       job first.
 *   <li><b>Ties.</b> When SJF, SRTF, priority or HRRN find two jobs equal, {@link #tieBreak()}
 *       decides: by default the earlier arrival, then input order. FCFS, RR and each MLFQ level
 *       follow the ready queue's order. A tie never preempts: a job preempts only with a strictly
 *       shorter remaining burst (SRTF), a strictly higher priority, or a strictly higher MLFQ
 *       level.
 *   <li><b>Priority.</b> A lower number is the higher priority unless {@link #highNumberFirst()}.
 *   <li><b>Context switch.</b> The CPU passes from one job to another: a switch is counted when a
 *       job is dispatched and the last job on the CPU (running or finished) was another one; a job
 *       dispatched again after its own run, I/O or idle time costs none, and neither does the first
 *       dispatch. The switch takes {@link #contextSwitch()} time units, in which no job runs; it
 *       cannot be interrupted, and at its end a preemptive scheduler looks again.
 *   <li><b>I/O.</b> A job in an I/O burst is not ready. I/O bursts all run at once, each for its
 *       length: there is no device contention.
 * </ul>
 *
 * @param algorithm the algorithm
 * @param quantum the round-robin quantum, {@code >= 1}
 * @param contextSwitch the time a context switch takes, {@code >= 0}
 * @param arrivalsFirst whether jobs that become ready at an instant join the ready queue before the
 *     job whose run ends at that instant
 * @param highNumberFirst whether a higher priority number is the higher priority
 * @param tieBreak how equal jobs are ordered
 * @param mlfq the multilevel feedback queue's set-up (used by {@link Algorithm#MLFQ} only)
 */
public record Config(
    Algorithm algorithm,
    long quantum,
    long contextSwitch,
    boolean arrivalsFirst,
    boolean highNumberFirst,
    TieBreak tieBreak,
    Mlfq mlfq) {
  /** The round-robin quantum (and top MLFQ quantum) when none is given. */
  public static final long DEFAULT_QUANTUM = 4;

  /** How SJF, SRTF, priority and HRRN order jobs they find equal. */
  public enum TieBreak {
    /** The job that arrived first (its arrival time), then input order. */
    EARLIER_ARRIVAL,
    /** The job that joined the ready queue first (differs from arrival after preemption or I/O). */
    QUEUE_ORDER,
    /** Input order only. */
    INPUT_ORDER
  }

  /**
   * Checks the parts.
   *
   * @throws IllegalArgumentException if {@code quantum < 1} or {@code contextSwitch} is negative or
   *     above {@link Job#MAX_TIME}
   * @throws NullPointerException if the algorithm, tie-break or MLFQ set-up is null
   */
  public Config {
    Objects.requireNonNull(algorithm, "algorithm");
    Objects.requireNonNull(tieBreak, "tieBreak");
    Objects.requireNonNull(mlfq, "mlfq");
    if (quantum < 1) {
      throw new IllegalArgumentException("quantum must be > 0: quantum=" + quantum);
    }
    if (contextSwitch < 0 || contextSwitch > Job.MAX_TIME) {
      throw new IllegalArgumentException(
          "context switch cost must be >= 0 and <= "
              + Job.MAX_TIME
              + ": contextSwitch="
              + contextSwitch);
    }
  }

  /**
   * The defaults for {@code algorithm}: quantum {@value #DEFAULT_QUANTUM}, free context switches,
   * arrivals before the preempted job, a low number is a high priority, ties to the earlier
   * arrival, {@link Mlfq#defaults()}.
   *
   * @param algorithm the algorithm
   * @return the settings
   */
  public static Config of(Algorithm algorithm) {
    return new Config(
        algorithm, DEFAULT_QUANTUM, 0, true, false, TieBreak.EARLIER_ARRIVAL, Mlfq.defaults());
  }

  /**
   * These settings with another algorithm.
   *
   * @param newAlgorithm the algorithm
   * @return new settings
   */
  public Config withAlgorithm(Algorithm newAlgorithm) {
    return new Config(
        newAlgorithm, quantum, contextSwitch, arrivalsFirst, highNumberFirst, tieBreak, mlfq);
  }

  /**
   * These settings with another round-robin quantum.
   *
   * @param newQuantum the quantum, {@code >= 1}
   * @return new settings
   * @throws IllegalArgumentException if {@code newQuantum < 1}
   */
  public Config withQuantum(long newQuantum) {
    return new Config(
        algorithm, newQuantum, contextSwitch, arrivalsFirst, highNumberFirst, tieBreak, mlfq);
  }

  /**
   * These settings with another context-switch cost.
   *
   * @param cost the time a switch takes, {@code >= 0}
   * @return new settings
   * @throws IllegalArgumentException if {@code cost < 0}
   */
  public Config withContextSwitch(long cost) {
    return new Config(algorithm, quantum, cost, arrivalsFirst, highNumberFirst, tieBreak, mlfq);
  }

  /**
   * These settings with the same-instant rule set.
   *
   * @param first true: new arrivals before the job just preempted; false: that job first
   * @return new settings
   */
  public Config withArrivalsFirst(boolean first) {
    return new Config(algorithm, quantum, contextSwitch, first, highNumberFirst, tieBreak, mlfq);
  }

  /**
   * These settings with the priority direction set.
   *
   * @param highFirst true if a higher number is the higher priority
   * @return new settings
   */
  public Config withHighNumberFirst(boolean highFirst) {
    return new Config(algorithm, quantum, contextSwitch, arrivalsFirst, highFirst, tieBreak, mlfq);
  }

  /**
   * These settings with another tie-break.
   *
   * @param rule the rule
   * @return new settings
   */
  public Config withTieBreak(TieBreak rule) {
    return new Config(
        algorithm, quantum, contextSwitch, arrivalsFirst, highNumberFirst, rule, mlfq);
  }

  /**
   * These settings with another MLFQ set-up.
   *
   * @param settings the set-up
   * @return new settings
   */
  public Config withMlfq(Mlfq settings) {
    return new Config(
        algorithm, quantum, contextSwitch, arrivalsFirst, highNumberFirst, tieBreak, settings);
  }

  /**
   * The algorithm and the settings that matter to it, for titles: {@code round robin (rr), quantum
   * 4, context switch 1}.
   *
   * @return a description
   */
  public String describe() {
    StringBuilder text =
        new StringBuilder(algorithm.title()).append(" (").append(algorithm.cliName()).append(')');
    if (algorithm == Algorithm.RR) {
      text.append(", quantum ").append(quantum);
    }
    if (algorithm == Algorithm.MLFQ) {
      text.append(", ").append(mlfq.describe());
    }
    if (algorithm == Algorithm.PRIORITY || algorithm == Algorithm.PRIORITY_PREEMPTIVE) {
      text.append(highNumberFirst ? ", high number first" : ", low number first");
    }
    if (contextSwitch > 0) {
      text.append(", context switch ").append(contextSwitch);
    }
    return text.toString();
  }
}
