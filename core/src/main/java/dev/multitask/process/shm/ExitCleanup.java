package dev.multitask.process.shm;

/**
 * The unlinking of this JVM's segments at an exit that skips shutdown hooks ({@code _exit}), and of
 * a killed parent's segments by its children. Kept apart from {@link SegmentFiles} so that a JVM
 * that made no segment learns it without loading the segment classes: a worker's exit path would
 * otherwise spend milliseconds loading them and compiling their name pattern, to find nothing to
 * do.
 */
public final class ExitCleanup {
  private static volatile boolean segmentsMade;

  private ExitCleanup() {}

  /** Called by {@link SegmentFiles} when this JVM first creates a segment. */
  static void segmentsMade() {
    segmentsMade = true;
  }

  /**
   * Unlinks every segment this JVM created or that carries its pid; for a JVM that ends with {@code
   * _exit}, where shutdown hooks do not run. Mappings stay valid. Does nothing, and loads nothing,
   * in a JVM that never created a segment.
   */
  public static void unlinkAtExit() {
    if (segmentsMade) {
      SegmentFiles.unlinkOwned();
    }
  }

  /**
   * Unlinks every segment that carries {@code deadPid}, a parent process that was killed without
   * running its exit hook; for its children, which learn of its death from their lifeline. Mappings
   * stay valid in every process that has them.
   *
   * @param deadPid the dead process; nothing happens for a pid below 2 or this JVM's own
   */
  public static void unlinkSegmentsOf(long deadPid) {
    if (deadPid > 1 && deadPid != Liveness.SELF_PID) {
      SegmentFiles.unlinkAllOf(deadPid);
    }
  }
}
