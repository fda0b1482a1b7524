package dev.multitask;

import java.io.Serial;

/**
 * Stands in for an exception thrown in a child JVM that could not travel as itself (its class is
 * not serializable, or not known to the receiver). It carries the original class name, message and
 * stack trace, and stands in for the original's causes in the same way.
 */
public final class RemoteException extends RuntimeException {
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
  public RemoteException(
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
