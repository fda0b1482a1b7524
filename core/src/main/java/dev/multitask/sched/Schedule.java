package dev.multitask.sched;

import java.util.List;
import java.util.Objects;
import java.util.function.ToLongFunction;

/**
 * The outcome of {@link Simulator#run}: the CPU's timeline, each job's times, and the measures that
 * summarize them. Immutable.
 *
 * <p>The schedule spans from the earliest arrival to the last completion (its {@link #makespan()});
 * throughput is jobs per time unit over that span, and CPU utilisation the share of it in which a
 * job ran (context switches are not useful work). The timeline starts at time 0, idle until the
 * first arrival.
 *
 * @param jobs the simulated jobs
 * @param config the settings used
 * @param timeline the CPU's segments, in time order, without gaps, from 0 to the last completion
 * @param results each job's times, in input order
 * @param contextSwitches how many times the CPU passed from one job to another
 */
public record Schedule(
    JobSet jobs,
    Config config,
    List<Segment> timeline,
    List<JobResult> results,
    int contextSwitches) {
  /**
   * Checks the parts and copies the lists.
   *
   * @throws NullPointerException if a part is null
   */
  public Schedule {
    Objects.requireNonNull(jobs, "jobs");
    Objects.requireNonNull(config, "config");
    timeline = List.copyOf(timeline);
    results = List.copyOf(results);
  }

  /**
   * The result of the job called {@code name}.
   *
   * @param name the job's name
   * @return its result
   * @throws IllegalArgumentException if there is no such job
   */
  public JobResult result(String name) {
    return results.stream()
        .filter(r -> r.name().equals(name))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no job '" + name + "' in " + jobs.name()));
  }

  /**
   * The mean waiting time.
   *
   * @return the average of {@link JobResult#waiting()}
   */
  public double averageWaiting() {
    return average(JobResult::waiting);
  }

  /**
   * The mean turnaround time.
   *
   * @return the average of {@link JobResult#turnaround()}
   */
  public double averageTurnaround() {
    return average(JobResult::turnaround);
  }

  /**
   * The mean response time.
   *
   * @return the average of {@link JobResult#response()}
   */
  public double averageResponse() {
    return average(JobResult::response);
  }

  /**
   * From the earliest arrival to the last completion.
   *
   * @return the span of the schedule
   */
  public long makespan() {
    long first = results.stream().mapToLong(JobResult::arrival).min().orElse(0);
    long last = results.stream().mapToLong(JobResult::completion).max().orElse(0);
    return last - first;
  }

  /**
   * The time in which a job ran.
   *
   * @return the total length of the run segments
   */
  public long busyTime() {
    return timeline.stream()
        .filter(s -> s.kind() == Segment.Kind.RUN)
        .mapToLong(Segment::length)
        .sum();
  }

  /**
   * Jobs completed per time unit.
   *
   * @return jobs / makespan
   */
  public double throughput() {
    long span = makespan();
    return span == 0 ? 0 : (double) results.size() / span;
  }

  /**
   * The share of the makespan in which a job ran.
   *
   * @return busy time / makespan, between 0 and 1
   */
  public double cpuUtilisation() {
    long span = makespan();
    return span == 0 ? 0 : (double) busyTime() / span;
  }

  private double average(ToLongFunction<JobResult> measure) {
    return results.stream().mapToLong(measure).average().orElse(0);
  }
}
