package dev.multitask.sched;

import java.util.List;
import java.util.Objects;

/**
 * What became of one job in a {@link Schedule}. Turnaround is completion − arrival; waiting is
 * turnaround − CPU time − I/O time (time ready but not running, context switches included);
 * response is the first run − arrival.
 *
 * @param name the job's name
 * @param arrival when it arrived
 * @param cpuTime its CPU bursts' total
 * @param ioTime its I/O bursts' total
 * @param firstRun when it first ran
 * @param completion when its last CPU burst ended
 * @param io when each of its I/O bursts ran, in order
 */
public record JobResult(
    String name,
    long arrival,
    long cpuTime,
    long ioTime,
    long firstRun,
    long completion,
    List<Interval> io) {
  /**
   * Checks the parts and copies the list.
   *
   * @throws NullPointerException if the name or the list is null
   */
  public JobResult {
    Objects.requireNonNull(name, "name");
    io = List.copyOf(io);
  }

  /**
   * From arrival to completion.
   *
   * @return completion − arrival
   */
  public long turnaround() {
    return completion - arrival;
  }

  /**
   * Time spent ready but not running.
   *
   * @return turnaround − CPU time − I/O time
   */
  public long waiting() {
    return turnaround() - cpuTime - ioTime;
  }

  /**
   * From arrival to the first run.
   *
   * @return first run − arrival
   */
  public long response() {
    return firstRun - arrival;
  }
}
