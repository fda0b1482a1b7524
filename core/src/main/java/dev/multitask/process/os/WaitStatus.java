package dev.multitask.process.os;

/**
 * How a child process ended.
 *
 * @param exitStatus the status passed to {@code exit}, or 0 when killed
 * @param signal the signal that killed it, or 0
 * @param exact false when only Java's {@code Process.exitValue()} was known, which reports a death
 *     by signal N as 128+N, indistinguishable from {@code exit(128+N)}
 */
public record WaitStatus(int exitStatus, int signal, boolean exact) {
  /**
   * The exit code in Python's convention: the exit status, or -N for signal N.
   *
   * @param orderlyExit whether the child reported that it was exiting by itself (used only when the
   *     status is not exact)
   * @return the exit code
   */
  public int pythonExitCode(boolean orderlyExit) {
    if (signal != 0) {
      return -signal;
    }
    if (!exact && !orderlyExit && exitStatus > 128 && exitStatus < 128 + 65) {
      return -(exitStatus - 128);
    }
    return exitStatus;
  }
}
