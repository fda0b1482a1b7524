package dev.multitask;

import java.io.Serial;
import java.util.OptionalInt;

/**
 * A job ended without a result: its body threw (the exception, or a {@link StandInException}
 * standing in for it, is the {@linkplain #getCause() cause}), or its process died or exited before
 * returning a result. The message names the job, the exit code and the signal.
 */
public final class JobFailedException extends RuntimeException {
  @Serial private static final long serialVersionUID = 1L;

  /** The failed job's name. */
  private final String jobName;

  /** The job's exit code as {@link Job#exitCode()} gives it, or null if it was not known. */
  private final Integer exitCode;

  /**
   * Creates the exception.
   *
   * @param jobName the job's name
   * @param exitCode the job's exit code if it has ended, else null
   * @param message what went wrong
   * @param cause the body's exception, or null
   */
  public JobFailedException(String jobName, Integer exitCode, String message, Throwable cause) {
    super(message, cause);
    this.jobName = jobName;
    this.exitCode = exitCode;
  }

  /**
   * The failed job's name.
   *
   * @return the name
   */
  public String jobName() {
    return jobName;
  }

  /**
   * The failed job's exit code, as {@link Job#exitCode()}.
   *
   * @return the exit code, empty if it was not known when the failure was reported
   */
  public OptionalInt exitCode() {
    return exitCode == null ? OptionalInt.empty() : OptionalInt.of(exitCode);
  }

  /**
   * The signal that killed the job's process, if it was killed by one.
   *
   * @return the signal number, or empty
   */
  public OptionalInt signal() {
    return exitCode != null && exitCode < 0 ? OptionalInt.of(-exitCode) : OptionalInt.empty();
  }
}
