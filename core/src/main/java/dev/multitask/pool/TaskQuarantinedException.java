package dev.multitask.pool;

import java.io.Serial;

/**
 * The task was not run: tasks of the same code killed {@value #KILLS} workers in a row by
 * themselves, so the pool fails them at once instead of losing a worker to each, until {@link
 * Pool#releaseQuarantine()}; or a map item killed {@value #KILLS} workers, each time it ran, and is
 * not run again (the map fails with a {@link MapFailedException} naming it). Workers killed from
 * outside (SIGKILL, SIGTERM from a user or a supervisor) count only when the same map item alone
 * keeps dying so; the rule is written down in the pool engine's {@code Quarantine}.
 */
public final class TaskQuarantinedException extends WorkerDiedException {
  @Serial private static final long serialVersionUID = 1L;

  /** How many workers in a row a task's code, or a map item, may kill before it is quarantined. */
  public static final int KILLS = 3;

  /**
   * Creates the exception.
   *
   * @param message what happened, naming the task's code
   * @param last the death that completed the series
   */
  public TaskQuarantinedException(String message, WorkerDiedException last) {
    super(message, last.pid(), last.exitCode(), last.stderrTail());
    initCause(last);
  }
}
