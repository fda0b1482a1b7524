package dev.multitask.sched;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One job of a {@link JobSet}: a name, the time it arrives, its bursts and a priority. Bursts
 * alternate CPU and I/O, CPU first and last: {@code [5, 2, 3]} is 5 units of CPU, 2 of I/O, 3 of
 * CPU. Times are whole units (say milliseconds) from the start of the simulation. Immutable.
 *
 * @param name the job's name, unique in its set; no commas or line breaks (so it can be written as
 *     CSV)
 * @param arrival when it arrives, {@code >= 0}
 * @param bursts CPU and I/O bursts, alternating, CPU first and last: an odd number of them, each
 *     {@code > 0}
 * @param priority its priority: a lower number is the higher priority unless {@link
 *     Config#highNumberFirst()}
 */
public record Job(String name, long arrival, List<Long> bursts, int priority) {
  /** The largest arrival or burst accepted, so that the sums of a simulation cannot overflow. */
  public static final long MAX_TIME = 1_000_000_000_000L;

  /**
   * Checks the parts and copies the bursts.
   *
   * @throws IllegalArgumentException if the name is blank or holds a comma or line break, the
   *     arrival is negative, a burst is not positive, the bursts do not end with a CPU burst, or a
   *     time exceeds {@link #MAX_TIME}
   * @throws NullPointerException if the name, the bursts or a burst is null
   */
  public Job {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(bursts, "bursts");
    if (name.isBlank()
        || name.strip().length() != name.length()
        || name.chars().anyMatch(c -> c == ',' || c == '\n' || c == '\r')) {
      throw new IllegalArgumentException(
          "a job name must be non-blank, without surrounding spaces,"
              + " commas or line breaks: name='"
              + name
              + "'");
    }
    if (arrival < 0 || arrival > MAX_TIME) {
      throw new IllegalArgumentException(
          "job " + name + ": arrival must be >= 0 and <= " + MAX_TIME + ": arrival=" + arrival);
    }
    bursts = List.copyOf(bursts);
    if (bursts.size() % 2 == 0) {
      throw new IllegalArgumentException(
          "job "
              + name
              + ": bursts alternate CPU and I/O, CPU first"
              + " and last, so there must be an odd number of them: bursts="
              + bursts);
    }
    for (int i = 0; i < bursts.size(); i++) {
      long b = bursts.get(i);
      if (b <= 0 || b > MAX_TIME) {
        throw new IllegalArgumentException(
            "job "
                + name
                + ": "
                + (i % 2 == 0 ? "CPU" : "I/O")
                + " burst "
                + (i + 1)
                + " must be > 0 and <= "
                + MAX_TIME
                + ": burst="
                + b);
      }
    }
  }

  /**
   * A job of priority 0.
   *
   * @param name its name
   * @param arrival when it arrives
   * @param bursts CPU, I/O, CPU, ... bursts
   * @return the job
   * @throws IllegalArgumentException as {@link Job#Job}
   */
  public static Job of(String name, long arrival, long... bursts) {
    List<Long> list = new ArrayList<>(bursts.length);
    for (long b : bursts) {
      list.add(b);
    }
    return new Job(name, arrival, list, 0);
  }

  /**
   * This job with another priority.
   *
   * @param newPriority the priority
   * @return a new job
   */
  public Job withPriority(int newPriority) {
    return new Job(name, arrival, bursts, newPriority);
  }

  /**
   * The total of its CPU bursts.
   *
   * @return the CPU time it needs
   */
  public long cpuTime() {
    long sum = 0;
    for (int i = 0; i < bursts.size(); i += 2) {
      sum += bursts.get(i);
    }
    return sum;
  }

  /**
   * The total of its I/O bursts.
   *
   * @return the time it spends in I/O
   */
  public long ioTime() {
    long sum = 0;
    for (int i = 1; i < bursts.size(); i += 2) {
      sum += bursts.get(i);
    }
    return sum;
  }

  /**
   * The bursts as CSV writes them: {@code 5/2/3}.
   *
   * @return the bursts joined by {@code /}
   */
  public String burstText() {
    StringBuilder text = new StringBuilder();
    for (long b : bursts) {
      text.append(text.isEmpty() ? "" : "/").append(b);
    }
    return text.toString();
  }
}
