package dev.multitask.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The {@code multitask} command. {@link #main} only exits with what {@link #run} returns, so tests
 * call {@code run} with their own streams.
 *
 * <p>Exit codes, decided here and nowhere else: {@link #OK} when the command did its work, {@link
 * #FAILURE} when it threw, {@link #USAGE} when the command line was wrong (unknown option,
 * subcommand, example or chapter).
 */
@Command(
    name = "multitask",
    description =
        "Python's multitasking model (processes, threads, coroutines) in Java: a guided tour,"
            + " the tutorials' programs, a CPU-scheduling simulator and a timeline of any of them.",
    subcommands = {
      TourCommand.class,
      ExamplesCommand.class,
      SchedCommand.class,
      TraceCommand.class,
      WorkerCommand.class,
      CommandLine.HelpCommand.class
    })
public final class Main implements Callable<Integer> {
  /** The command did its work. */
  public static final int OK = 0;

  /** The command failed while running. */
  public static final int FAILURE = 1;

  /** The command line was wrong. */
  public static final int USAGE = 2;

  @CommandLine.Option(
      names = {"-h", "--help"},
      usageHelp = true,
      description = "Show this help and exit.")
  private boolean help;

  @Spec private CommandSpec spec;

  /** Used by picocli. */
  public Main() {}

  /**
   * Runs the command and exits with its exit code.
   *
   * @param args the command line
   */
  public static void main(String[] args) {
    System.exit(run(System.out, System.err, args));
  }

  /**
   * Runs the command with the given output streams.
   *
   * @param out where the command's results go
   * @param err where errors and usage problems go
   * @param args the command line
   * @return {@link #OK}, {@link #FAILURE} or {@link #USAGE}
   */
  public static int run(PrintStream out, PrintStream err, String... args) {
    return run(new PrintWriter(out, true), new PrintWriter(err, true), args);
  }

  /** Runs the command with the given writers ({@code trace} runs the command it traces so). */
  static int run(PrintWriter out, PrintWriter err, String... args) {
    CommandLine commandLine =
        new CommandLine(new Main())
            .setOut(out)
            .setErr(err)
            .setParameterExceptionHandler(Main::usageError)
            .setExecutionExceptionHandler((e, cmd, parsed) -> failure(e, cmd));
    // 'examples NAME ARGS...': everything after the name belongs to the example, options included;
    // 'trace --out DIR COMMAND...': everything from the command on is the traced command's
    commandLine.getSubcommands().get(ExamplesCommand.NAME).setStopAtPositional(true);
    commandLine.getSubcommands().get(TraceCommand.NAME).setStopAtPositional(true);
    try {
      return commandLine.execute(args);
    } finally {
      out.flush();
      err.flush();
    }
  }

  /** Without a subcommand there is nothing to do: say what there is. */
  @Override
  public Integer call() {
    throw new ParameterException(
        spec.commandLine(), "missing command: choose 'tour', 'examples', 'sched' or 'trace'");
  }

  private static int usageError(ParameterException e, String[] args) {
    CommandLine cmd = e.getCommandLine();
    PrintWriter err = cmd.getErr();
    err.println(cmd.getCommandSpec().qualifiedName() + ": " + e.getMessage());
    UnmatchedArgumentException.printSuggestions(e, err);
    err.println("Try '" + cmd.getCommandSpec().qualifiedName() + " --help' for more information.");
    return USAGE;
  }

  private static int failure(Exception e, CommandLine cmd) {
    PrintWriter err = cmd.getErr();
    err.println(cmd.getCommandSpec().qualifiedName() + " failed: " + e);
    e.printStackTrace(err);
    return FAILURE;
  }
}
