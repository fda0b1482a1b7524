package dev.multitask.cli;

import dev.multitask.examples.Examples;
import dev.multitask.examples.Examples.Example;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code multitask examples [list]} lists the tutorials' programs; {@code multitask examples NAME
 * [ARGS...]} runs one in this JVM. An example prints to standard output as a program does, and its
 * child processes print there too. With {@code --cluster URL}, the examples that can ({@link
 * Examples#runsOnCluster}) run their jobs and pool tasks on the cluster's worker JVMs instead; what
 * those print goes to the workers' output.
 */
@Command(
    name = ExamplesCommand.NAME,
    description = "List the tutorials' programs (no NAME, or 'list'), or run the one called NAME.")
public final class ExamplesCommand implements Callable<Integer> {
  /** The subcommand's name. */
  static final String NAME = "examples";

  private static final String LIST = "list";

  /** What the examples read to find the cluster (the examples' {@code Contexts}). */
  private static final String CLUSTER_PROPERTY = "multitask.cluster";

  @Option(
      names = {"-h", "--help"},
      usageHelp = true,
      description = "Show this help and exit.")
  private boolean help;

  @Parameters(
      index = "0",
      arity = "0..1",
      paramLabel = "NAME",
      description = "The example to run, or 'list'.")
  private String name;

  @Option(
      names = "--cluster",
      paramLabel = "URL",
      description =
          "Run on the cluster at URL (redis://host:port), with workers started by 'multitask"
              + " worker --redis URL': producer-consumer, pool-four-five, ticket-lock.")
  private String cluster;

  @Parameters(index = "1..*", paramLabel = "ARGS", description = "Arguments for the example.")
  private List<String> args = new ArrayList<>();

  @Spec private CommandSpec spec;

  /** Used by picocli. */
  public ExamplesCommand() {}

  @Override
  public Integer call() throws Exception {
    if (name == null || name.equals(LIST)) {
      list(spec.commandLine().getOut());
      return Main.OK;
    }
    Example example = Examples.find(name).orElseThrow(() -> unknown(name));
    takeClusterFromArgs();
    if (cluster == null) {
      example.run(args.toArray(String[]::new));
      return Main.OK;
    }
    if (!Examples.runsOnCluster(name)) {
      throw new ParameterException(
          spec.commandLine(),
          "example '"
              + name
              + "' does not run on a cluster; these do: producer-consumer, pool-four-five,"
              + " ticket-lock");
    }
    String before = System.getProperty(CLUSTER_PROPERTY);
    System.setProperty(CLUSTER_PROPERTY, cluster);
    try {
      example.run(args.toArray(String[]::new));
    } finally {
      if (before == null) {
        System.clearProperty(CLUSTER_PROPERTY);
      } else {
        System.setProperty(CLUSTER_PROPERTY, before);
      }
    }
    return Main.OK;
  }

  /**
   * Takes {@code --cluster URL} (or {@code --cluster=URL}) from after the example's name, where the
   * command line stops parsing options so that examples get theirs: {@code multitask examples
   * producer-consumer --cluster redis://...} reads as the README shows it.
   */
  private void takeClusterFromArgs() {
    for (int i = 0; i < args.size(); i++) {
      String a = args.get(i);
      if (a.equals("--cluster")) {
        if (i + 1 >= args.size()) {
          throw new ParameterException(spec.commandLine(), "--cluster needs a URL: redis://...");
        }
        cluster = args.get(i + 1);
        args.subList(i, i + 2).clear();
        return;
      }
      if (a.startsWith("--cluster=")) {
        cluster = a.substring("--cluster=".length());
        args.remove(i);
        return;
      }
    }
  }

  private static void list(PrintWriter out) {
    int width = Examples.all().stream().mapToInt(e -> e.name().length()).max().orElse(0);
    out.println("The tutorials' programs; run one with: multitask examples NAME [ARGS...]");
    for (Example e : Examples.all()) {
      out.printf("  %-" + width + "s  %s%n", e.name(), e.shows());
    }
  }

  private ParameterException unknown(String typed) {
    List<String> names = Examples.all().stream().map(Example::name).toList();
    List<String> close = Suggestions.closeTo(typed, names);
    String hint =
        close.isEmpty()
            ? "run 'multitask examples' to list them"
            : "did you mean: " + String.join(", ", close) + "?";
    return new ParameterException(spec.commandLine(), "no example named '" + typed + "'; " + hint);
  }
}
