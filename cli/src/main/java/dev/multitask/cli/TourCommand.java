package dev.multitask.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code multitask tour [--chapter N|NAME|all]}: the guided tour, measured on this machine. */
@Command(
    name = "tour",
    description = "A guided tour of multitask, measured on this machine as it runs.")
public final class TourCommand implements Callable<Integer> {
  /** The chapters, in order; chapter N is at index N-1. */
  static final List<Chapter> CHAPTERS =
      List.of(
          new ParallelismChapter(),
          new IpcChapter(),
          new SyncChapter(),
          new PoolsChapter(),
          new ManagersChapter(),
          new CoroutinesChapter(),
          new SchedulingChapter(),
          new ClusterChapter());

  private static final String ALL = "all";

  @Option(
      names = {"-h", "--help"},
      usageHelp = true,
      description = "Show this help and exit.")
  private boolean help;

  @Option(
      names = "--chapter",
      paramLabel = "N|NAME|all",
      defaultValue = ALL,
      description = "The chapter to run, by number or name (default: ${DEFAULT-VALUE}).")
  private String chapter;

  @Spec private CommandSpec spec;

  /** Used by picocli. */
  public TourCommand() {}

  @Override
  public Integer call() throws Exception {
    List<Integer> selected = select(chapter);
    if (selected.isEmpty()) {
      throw new ParameterException(
          spec.commandLine(),
          "no chapter '" + chapter + "'; the chapters are " + known() + ", or all");
    }
    PrintWriter out = spec.commandLine().getOut();
    for (int index : selected) {
      Chapter c = CHAPTERS.get(index);
      String heading = "Chapter " + (index + 1) + ": " + c.title();
      out.println(heading);
      out.println("=".repeat(heading.length()));
      c.run(out);
      out.println();
      out.flush();
    }
    return Main.OK;
  }

  /**
   * The indexes of the chapters {@code --chapter} asks for: by number, name or all; empty if none.
   */
  static List<Integer> select(String wanted) {
    String w = wanted.trim().toLowerCase(Locale.ROOT);
    if (w.equals(ALL)) {
      return IntStream.range(0, CHAPTERS.size()).boxed().toList();
    }
    for (int i = 0; i < CHAPTERS.size(); i++) {
      if (w.equals(Integer.toString(i + 1)) || w.equals(CHAPTERS.get(i).name())) {
        return List.of(i);
      }
    }
    return List.of();
  }

  /** The chapters as "1 (parallelism), 2 (...)". */
  private static String known() {
    StringBuilder known = new StringBuilder();
    for (int i = 0; i < CHAPTERS.size(); i++) {
      known
          .append(i == 0 ? "" : ", ")
          .append(i + 1)
          .append(" (")
          .append(CHAPTERS.get(i).name())
          .append(')');
    }
    return known.toString();
  }
}
