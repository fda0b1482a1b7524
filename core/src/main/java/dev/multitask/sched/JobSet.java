package dev.multitask.sched;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The jobs of one simulation, in input order (the order that breaks the last ties). Immutable.
 *
 * @param name a name for titles, such as {@code silberschatz-fcfs} or a file name
 * @param jobs the jobs: at least one, names unique
 */
public record JobSet(String name, List<Job> jobs) {
  /**
   * Checks the parts and copies the list.
   *
   * @throws IllegalArgumentException if there is no job or two jobs share a name
   * @throws NullPointerException if the name, the list or a job is null
   */
  public JobSet {
    Objects.requireNonNull(name, "name");
    jobs = List.copyOf(jobs);
    if (jobs.isEmpty()) {
      throw new IllegalArgumentException("a job set needs at least one job: " + name + " has none");
    }
    Map<String, Integer> seen = new HashMap<>();
    for (int i = 0; i < jobs.size(); i++) {
      Integer first = seen.putIfAbsent(jobs.get(i).name(), i);
      if (first != null) {
        throw new IllegalArgumentException(
            "job names must be unique: jobs "
                + (first + 1)
                + " and "
                + (i + 1)
                + " of "
                + name
                + " are both called '"
                + jobs.get(i).name()
                + "'");
      }
    }
  }

  /**
   * A job set of the given jobs.
   *
   * @param name its name
   * @param jobs the jobs
   * @return the job set
   * @throws IllegalArgumentException as {@link JobSet#JobSet}
   */
  public static JobSet of(String name, Job... jobs) {
    return new JobSet(name, List.of(jobs));
  }

  /**
   * The job called {@code jobName}.
   *
   * @param jobName its name
   * @return the job
   * @throws IllegalArgumentException if there is none
   */
  public Job job(String jobName) {
    return jobs.stream()
        .filter(j -> j.name().equals(jobName))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no job '" + jobName + "' in " + name));
  }
}
