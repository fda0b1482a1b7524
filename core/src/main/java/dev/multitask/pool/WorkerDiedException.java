package dev.multitask.pool;

import java.io.Serial;
import java.util.OptionalInt;

/**
 * The worker process running a task died before the task ended: a crash, an out-of-memory error,
 * {@code System.exit}, or a signal. Only that task fails; the pool replaces the worker. The message
 * names the exit code or signal and ends with the last lines the worker wrote to {@code
 * System.err}.
 */
public class WorkerDiedException extends RuntimeException {
  @Serial private static final long serialVersionUID = 1L;

  /** The pid of the worker that died. */
  private final long pid;

  /** The worker's exit code: 0..255 for an exit, -N when killed by signal N. */
  private final int exitCode;

  /** The last output of the worker on {@code System.err}, possibly empty. */
  private final String stderrTail;

  /**
   * Creates the exception.
   *
   * @param message what happened
   * @param pid the worker's pid
   * @param exitCode the worker's exit code as {@link dev.multitask.Job#exitCode()}: -N for signal N
   * @param stderrTail the last output of the worker on {@code System.err}, possibly empty
   */
  public WorkerDiedException(String message, long pid, int exitCode, String stderrTail) {
    super(message);
    this.pid = pid;
    this.exitCode = exitCode;
    this.stderrTail = stderrTail;
  }

  /**
   * The pid of the worker that died.
   *
   * @return the pid
   */
  public long pid() {
    return pid;
  }

  /**
   * The worker's exit code: 0..255 for an exit, -N when killed by signal N.
   *
   * @return the exit code
   */
  public int exitCode() {
    return exitCode;
  }

  /**
   * The signal that killed the worker, if one did.
   *
   * @return the signal number, or empty
   */
  public OptionalInt signal() {
    return exitCode < 0 ? OptionalInt.of(-exitCode) : OptionalInt.empty();
  }

  /**
   * The last output of the worker on {@code System.err} (at most a few kilobytes).
   *
   * @return the text, possibly empty
   */
  public String stderrTail() {
    return stderrTail;
  }
}
