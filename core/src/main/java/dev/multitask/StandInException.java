package dev.multitask;

import java.io.Serial;

/**
 * Stands in for an exception that could not be sent as itself: one thrown in a child JVM (or a
 * pool's worker process) whose class is not serializable, or not known to the receiver. It carries
 * the original's class name ({@link #remoteClassName()}), message and stack trace, and stands in
 * for the original's causes in the same way. It arrives as the cause of a {@link
 * JobFailedException} or of a pool task's {@code ExecutionException}.
 */
public final class StandInException extends RuntimeException {
  @Serial private static final long serialVersionUID = 1L;

  /** The binary name of the original exception's class. */
  private final String remoteClassName;

  /**
   * Creates a stand-in.
   *
   * @param remoteClassName the binary name of the original exception's class
   * @param message the original message, or null
   * @param stackTrace the original stack trace
   * @param cause the stand-in for the original's cause, or null
   */
  public StandInException(
      String remoteClassName, String message, StackTraceElement[] stackTrace, Throwable cause) {
    super(message, cause, true, true);
    this.remoteClassName = remoteClassName;
    setStackTrace(stackTrace);
  }

  /**
   * The binary name of the original exception's class.
   *
   * @return the class name
   */
  public String remoteClassName() {
    return remoteClassName;
  }

  /** Prints as the original would, followed by a mark that this is a stand-in. */
  @Override
  public String toString() {
    String message = getLocalizedMessage();
    return remoteClassName + (message == null ? "" : ": " + message) + " [remote stand-in]";
  }
}
