package dev.multitask.sched;

import java.util.Objects;

/**
 * A stretch of the CPU's time in a {@link Schedule}: a job running, the CPU idle, or a context
 * switch. Adjacent runs of one job on one level are one segment.
 *
 * @param kind what the CPU did
 * @param job the job that ran, or the job being switched to; empty when idle
 * @param start when it began
 * @param end when it ended, {@code > start}
 * @param level the MLFQ level the job ran on; -1 for other algorithms, idle time and switches
 */
public record Segment(Kind kind, String job, long start, long end, int level) {
  /** What the CPU does in a segment. */
  public enum Kind {
    /** A job runs. */
    RUN,
    /** No job is ready. */
    IDLE,
    /** The CPU passes to another job; no job runs. */
    SWITCH
  }

  /**
   * Checks the parts.
   *
   * @throws IllegalArgumentException if {@code end <= start}, or the job is empty for a run or not
   *     empty for idle time
   * @throws NullPointerException if the kind or the job is null
   */
  public Segment {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(job, "job");
    if (end <= start) {
      throw new IllegalArgumentException(
          "a segment must end after it starts: start=" + start + ", end=" + end);
    }
    if (kind == Kind.IDLE != job.isEmpty()) {
      throw new IllegalArgumentException(
          "idle time has no job, runs and switches have one: " + kind + " '" + job + "'");
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
