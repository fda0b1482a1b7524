package dev.multitask.cli;

import dev.multitask.trace.Recording;
import dev.multitask.trace.Trace;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
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
 * {@code multitask trace --out DIR -- COMMAND...}: runs another multitask command ({@code examples
 * NAME}, {@code tour ...}, {@code sched ...}) in this JVM under a {@link Trace}, then writes {@code
 * DIR/trace.json} and {@code DIR/trace.html}. The traced command's output and exit code are its
 * own; what the trace command says goes to standard error.
 */
@Command(
    name = TraceCommand.NAME,
    description = {
      "Run a multitask command and record a timeline of it: its jobs, pool tasks per worker,"
          + " waits for locks, conditions, queues and barriers, coroutine switches, in this"
          + " process and in its child processes.",
      "Writes DIR/trace.json (Chrome trace-event format: Perfetto, chrome://tracing) and"
          + " DIR/trace.html (a timeline for any browser, offline).",
      "Example: multitask trace --out out -- examples process-pool-map"
    })
public final class TraceCommand implements Callable<Integer> {
  /** The subcommand's name. */
  static final String NAME = "trace";

  @Option(
      names = {"-h", "--help"},
      usageHelp = true,
      description = "Show this help and exit.")
  private boolean help;

  @Option(
      names = {"-o", "--out"},
      required = true,
      paramLabel = "DIR",
      description = "The directory for trace.json and trace.html (made if missing).")
  private Path out;

  @Parameters(
      arity = "1..*",
      paramLabel = "COMMAND",
      description = "The command to trace, as you would type it after 'multitask'.")
  private List<String> command = new ArrayList<>();

  @Spec private CommandSpec spec;

  /** Used by picocli. */
  public TraceCommand() {}

  @Override
  public Integer call() throws IOException {
    List<String> traced = new ArrayList<>(command);
    if (!traced.isEmpty() && traced.getFirst().equals("--")) {
      traced.removeFirst(); // 'trace --out DIR -- COMMAND': picocli keeps the '--' of a stop
    }
    if (traced.isEmpty()) {
      throw new ParameterException(
          spec.commandLine(), "no command to trace: add one, as in 'trace --out DIR -- tour'");
    }
    if (traced.getFirst().equals(NAME)) {
      throw new ParameterException(
          spec.commandLine(), "'trace' traces another command, not itself: drop the second one");
    }
    PrintWriter stdout = spec.commandLine().getOut();
    PrintWriter stderr = spec.commandLine().getErr();
    Trace trace = Trace.start();
    int code;
    Recording recording;
    try {
      code = Main.run(stdout, stderr, traced.toArray(String[]::new));
    } finally {
      recording = trace.stop();
    }
    Path html = recording.writeTo(out);
    stderr.println(
        "trace: "
            + recording.events().size()
            + " events of "
            + recording.pids().size()
            + " process"
            + (recording.pids().size() == 1 ? "" : "es")
            + (recording.dropped() > 0 ? " (" + recording.dropped() + " dropped)" : "")
            + " written to "
            + out.resolve(Recording.JSON_FILE)
            + " and "
            + html);
    stderr.println(
        "trace: open "
            + html
            + " in a browser (it needs no network), or load trace.json in"
            + " https://ui.perfetto.dev or chrome://tracing");
    return code;
  }
}
