package dev.multitask.sched;

import java.io.Serial;

/**
 * A job file that cannot be read: the message names the line, the bad value and what is expected.
 */
public final class JobFormatException extends IllegalArgumentException {
  @Serial private static final long serialVersionUID = 1L;

  /** The line number, from 1; 0 when the problem is not on one line. */
  private final int line;

  /**
   * Makes the exception.
   *
   * @param source the file or text name, for the message
   * @param line the line number from 1, or 0 for the whole file
   * @param problem what is wrong, naming the bad value
   */
  public JobFormatException(String source, int line, String problem) {
    super(source + (line > 0 ? " line " + line : "") + ": " + problem);
    this.line = line;
  }

  /**
   * Where the problem is.
   *
   * @return the line number from 1, or 0 when it is not on one line
   */
  public int line() {
    return line;
  }
}
