package dev.multitask.sched;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Runs a {@link JobSet} through a scheduling algorithm and returns the {@link Schedule}. A pure
 * function of its arguments: deterministic, no threads, no clock; any thread may call it.
 *
 * <pre>{@code
 * JobSet jobs = JobSet.of("book", Job.of("P1", 0, 24), Job.of("P2", 0, 3), Job.of("P3", 0, 3));
 * Schedule rr = Simulator.run(jobs, Config.of(Algorithm.RR).withQuantum(4));
 * rr.averageWaiting();   // 5.666...
 * }</pre>
 *
 * <p>The rules the simulation follows are written down in {@link Config} and {@link Mlfq}. It stops
 * with an {@link IllegalArgumentException} after {@value #MAX_EVENTS} scheduling events (a quantum
 * of 1 over bursts of millions of units would take that many).
 */
public final class Simulator {
  /** The most scheduling events one simulation may take. */
  public static final int MAX_EVENTS = 1_000_000;

  private Simulator() {}

  /**
   * Simulates {@code jobs} under {@code config}.
   *
   * @param jobs the jobs
   * @param config the algorithm and its settings
   * @return the schedule
   * @throws IllegalArgumentException if the simulation would take more than {@link #MAX_EVENTS}
   *     events
   * @throws NullPointerException if an argument is null
   */
  public static Schedule run(JobSet jobs, Config config) {
    Objects.requireNonNull(jobs, "jobs");
    Objects.requireNonNull(config, "config");
    return new Engine(jobs, config).run();
  }

  /**
   * Simulates {@code jobs} under every algorithm, with {@code config}'s other settings.
   *
   * @param jobs the jobs
   * @param config the quantum, context-switch cost, rules and MLFQ set-up to use
   * @return one schedule per {@link Algorithm}, in declaration order
   * @throws IllegalArgumentException as {@link #run}
   * @throws NullPointerException if an argument is null
   */
  public static List<Schedule> compare(JobSet jobs, Config config) {
    Objects.requireNonNull(jobs, "jobs");
    Objects.requireNonNull(config, "config");
    List<Schedule> all = new ArrayList<>();
    for (Algorithm a : Algorithm.values()) {
      all.add(run(jobs, config.withAlgorithm(a)));
    }
    return all;
  }
}
