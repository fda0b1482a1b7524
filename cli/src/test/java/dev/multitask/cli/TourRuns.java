package dev.multitask.cli;

/**
 * The whole tour, run once for all the tour tests of this JVM (it takes about a minute; running
 * each chapter again on its own would double that), and each chapter's part of what it printed.
 */
final class TourRuns {
  private static CliRun whole;

  private TourRuns() {}

  /** The run of {@code multitask tour}, made on first use. */
  static synchronized CliRun whole() {
    if (whole == null) {
      whole = CliRun.of("tour");
    }
    return whole;
  }

  /**
   * The part of the whole tour's output that chapter {@code name} printed, from its heading to the
   * next chapter's; the exit code and error stream are the whole run's.
   *
   * @param name the chapter's name, as {@code --chapter} takes it
   * @return the chapter's part, as a run of its own
   */
  static CliRun chapter(String name) {
    CliRun run = whole();
    String heading = "Chapter " + (TourCommand.select(name).getFirst() + 1) + ": ";
    String out = run.out();
    int start = out.startsWith(heading) ? 0 : out.indexOf("\n" + heading);
    if (start < 0) {
      return new CliRun(run.exitCode(), "", run.err()); // missing: its tests say so
    }
    start = start == 0 ? 0 : start + 1;
    int end = out.indexOf("\nChapter ", start);
    String part = end < 0 ? out.substring(start) : out.substring(start, end + 1);
    return new CliRun(run.exitCode(), part, run.err());
  }
}
