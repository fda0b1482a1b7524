package dev.multitask.pool;

import java.io.Serial;
import java.time.Duration;

/**
 * A task ran past its deadline: the pool stopped it (for processes: killed its worker with SIGTERM,
 * then SIGKILL, and started another; for threads: interrupted it and gave up waiting).
 */
public final class TaskTimeoutException extends RuntimeException {
  @Serial private static final long serialVersionUID = 1L;

  /** The deadline the task was given. */
  private final Duration deadline;

  /**
   * Creates the exception.
   *
   * @param message what happened
   * @param deadline the deadline the task had
   */
  public TaskTimeoutException(String message, Duration deadline) {
    super(message);
    this.deadline = deadline;
  }

  /**
   * The deadline the task was given.
   *
   * @return the deadline
   */
  public Duration deadline() {
    return deadline;
  }
}
