package dev.multitask.pool;

import java.io.Serial;

/**
 * The task was not run: tasks of the same code killed {@value #KILLS} workers in a row, so the pool
 * fails them at once instead of losing a worker to each. A success of that code, or
 * {@link Pool#releaseQuarantine()}, lifts the quarantine.
 */
public final class TaskQuarantinedException extends WorkerDiedException {
  @Serial private static final long serialVersionUID = 1L;

  /** How many workers in a row a task's code may kill before it is quarantined. */
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
