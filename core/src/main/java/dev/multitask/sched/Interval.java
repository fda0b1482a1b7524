package dev.multitask.sched;

/**
 * A stretch of time, such as one I/O burst of a job.
 *
 * @param start when it began
 * @param end when it ended
 */
public record Interval(long start, long end) {
  /**
   * Checks the parts.
   *
   * @throws IllegalArgumentException if {@code end < start}
   */
  public Interval {
    if (end < start) {
      throw new IllegalArgumentException(
          "an interval must not end before it starts: start=" + start + ", end=" + end);
    }
  }

  /**
   * How long it lasted.
   *
   * @return {@code end - start}
   */
  public long length() {
    return end - start;
  }
}
