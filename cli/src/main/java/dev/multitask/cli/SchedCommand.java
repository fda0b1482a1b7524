package dev.multitask.cli;

import dev.multitask.sched.Algorithm;
import dev.multitask.sched.Config;
import dev.multitask.sched.GanttChart;
import dev.multitask.sched.HtmlReport;
import dev.multitask.sched.JobCsv;
import dev.multitask.sched.JobSet;
import dev.multitask.sched.Mlfq;
import dev.multitask.sched.Reports;
import dev.multitask.sched.Schedule;
import dev.multitask.sched.Simulator;
import dev.multitask.sched.SvgChart;
import dev.multitask.sched.Textbook;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code multitask sched}: the CPU-scheduling simulator of {@link dev.multitask.sched} on a job
 * file or a built-in textbook job set. Prints the job set, the Gantt chart, each job's times and
 * the lines {@code average waiting time: X}, {@code average turnaround time: X}, {@code average
 * response time: X} (two decimals) that scripts read; with {@code --compare}, a table of every
 * algorithm instead. {@code --svg FILE} and {@code --html FILE} save the charts.
 *
 * <p>Every problem with the command line or the job file (unknown algorithm or example, a quantum
 * of 0, a bad line in the file, a file that cannot be read or written) is a usage error, exit code
 * 2, with a message that names it.
 */
@Command(
    name = SchedCommand.NAME,
    description = {
      "Simulate CPU scheduling on a job set: a Gantt chart, each job's times and the averages.",
      "JOBFILE is CSV with the header 'name,arrival,burst[,priority]', one job per line; a burst"
          + " is 5, or CPU/I-O/CPU... as 5/2/3.",
      "Algorithms: fcfs, sjf, srtf, priority, priority-preemptive, rr, mlfq, hrrn."
    })
public final class SchedCommand implements Callable<Integer> {
  /** The subcommand's name. */
  static final String NAME = "sched";

  @Option(
      names = {"-h", "--help"},
      usageHelp = true,
      description = "Show this help and exit.")
  private boolean help;

  @Parameters(
      index = "0",
      arity = "0..1",
      paramLabel = "JOBFILE",
      description = "The job file (CSV).")
  private Path jobFile;

  @Option(
      names = "--example",
      paramLabel = "NAME",
      description = "A built-in textbook job set instead of a file (see --list-examples).")
  private String example;

  @Option(names = "--list-examples", description = "List the built-in job sets and exit.")
  private boolean listExamples;

  @Option(
      names = {"-a", "--algorithm"},
      paramLabel = "NAME",
      description = "The algorithm (default: fcfs).")
  private String algorithm;

  @Option(
      names = {"-q", "--quantum"},
      paramLabel = "Q[,Q...]",
      description =
          "The round-robin quantum (default: 4); for mlfq the top level's quantum (levels double"
              + " it) or one quantum per level, top first ('inf' for first come, first served).")
  private String quantum;

  @Option(names = "--compare", description = "Compare every algorithm on the job set.")
  private boolean compare;

  @Option(
      names = "--high-number-first",
      description = "A higher priority number is the higher priority (default: lower).")
  private boolean highNumberFirst;

  @Option(
      names = "--context-switch",
      paramLabel = "C",
      defaultValue = "0",
      description = "The time a context switch takes (default: ${DEFAULT-VALUE}).")
  private long contextSwitch;

  @Option(
      names = "--preempted-first",
      description =
          "A job whose run ends at an instant rejoins the ready queue before the jobs arriving"
              + " then (default: after them).")
  private boolean preemptedFirst;

  @Option(
      names = "--tie-break",
      paramLabel = "RULE",
      description =
          "How sjf, srtf, priority and hrrn order equal jobs: earlier-arrival (default),"
              + " queue-order or input-order.")
  private String tieBreak;

  @Option(
      names = "--levels",
      paramLabel = "N",
      description = "mlfq: the number of levels (default: 3).")
  private Integer levels;

  @Option(
      names = "--allotment",
      paramLabel = "A[,A...]",
      description =
          "mlfq: the CPU time a job gets on a level before it drops (default: a quantum).")
  private String allotment;

  @Option(
      names = "--boost",
      paramLabel = "S",
      defaultValue = "0",
      description = "mlfq: lift every job to the top level every S time units (default: never).")
  private long boost;

  @Option(
      names = "--after-io",
      paramLabel = "keep|raise",
      description =
          "mlfq: a job back from I/O keeps its level and used allotment (keep, default) or"
              + " goes one level up (raise).")
  private String afterIo;

  @Option(names = "--svg", paramLabel = "FILE", description = "Also save the chart(s) as SVG.")
  private Path svg;

  @Option(
      names = "--html",
      paramLabel = "FILE",
      description = "Also save a self-contained HTML report.")
  private Path html;

  @Option(
      names = "--width",
      paramLabel = "COLUMNS",
      defaultValue = "100",
      description = "The width of the Gantt chart (default: ${DEFAULT-VALUE}).")
  private int width;

  @Spec private CommandSpec spec;

  /** Used by picocli. */
  public SchedCommand() {}

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    if (listExamples) {
      list(out);
      return Main.OK;
    }
    Optional<Textbook.Example> book = Optional.empty();
    JobSet jobs;
    if (example != null && jobFile != null) {
      throw usage("give a JOBFILE or --example NAME, not both");
    } else if (example != null) {
      book = Optional.of(Textbook.find(example).orElseThrow(() -> unknownExample(example)));
      jobs = book.get().jobs();
    } else if (jobFile != null) {
      jobs = read(jobFile);
    } else {
      throw usage("no jobs: give a JOBFILE or --example NAME (see --list-examples)");
    }
    if (compare && algorithm != null) {
      throw usage("--compare runs every algorithm: leave out --algorithm " + algorithm);
    }
    if (width < GanttChart.MIN_WIDTH) {
      throw usage("--width must be >= " + GanttChart.MIN_WIDTH + ": --width=" + width);
    }
    Config config = config();
    List<Schedule> schedules;
    try {
      schedules = compare ? Simulator.compare(jobs, config) : List.of(Simulator.run(jobs, config));
    } catch (IllegalArgumentException e) { // too many events for the quantum and bursts given
      throw usage(e.getMessage());
    }
    // the files first: a path that cannot be written is a usage error before any output
    if (svg != null) {
      write(svg, "--svg", SvgChart.render(schedules));
    }
    if (html != null) {
      write(html, "--html", HtmlReport.render(schedules));
    }
    out.println("Job set " + jobs.name() + book.map(b -> ", from " + b.source()).orElse("") + ":");
    out.print(Reports.jobSet(jobs));
    out.println();
    if (compare) {
      out.println(
          "Every algorithm (round robin quantum "
              + config.quantum()
              + "; mlfq "
              + config.mlfq().describe()
              + "):");
      out.print(Reports.comparison(schedules));
    } else {
      Schedule s = schedules.getFirst();
      out.println(capitalized(s.config().describe()) + ":");
      out.print(GanttChart.render(s, GanttChart.useColour(), width));
      out.println();
      out.print(Reports.jobTable(s));
      out.println();
      out.print(Reports.summary(s));
      book.ifPresent(b -> known(out, b, s));
    }
    if (svg != null) {
      out.println("SVG chart written to " + svg);
    }
    if (html != null) {
      out.println("HTML report written to " + html + " (self-contained: open it in a browser)");
    }
    return Main.OK;
  }

  /** The settings from the options; any bad value is a usage error naming it. */
  private Config config() {
    Algorithm a;
    try {
      a = Algorithm.byName(algorithm == null ? Algorithm.FCFS.cliName() : algorithm);
    } catch (IllegalArgumentException e) {
      throw usage(e.getMessage());
    }
    List<Long> quanta = quantum == null ? List.of() : numbers("--quantum", quantum, true);
    if (a == Algorithm.RR && quanta.size() > 1) {
      throw usage("rr takes one quantum: --quantum=" + quantum);
    }
    if (!quanta.isEmpty() && quanta.getFirst() == Mlfq.UNLIMITED && a != Algorithm.MLFQ) {
      throw usage("'inf' is a quantum for mlfq levels only: --quantum=" + quantum);
    }
    try {
      Config config =
          Config.of(a)
              .withContextSwitch(contextSwitch)
              .withArrivalsFirst(!preemptedFirst)
              .withHighNumberFirst(highNumberFirst)
              .withTieBreak(tieBreak())
              .withMlfq(mlfq(quanta));
      // mlfq's quanta are its levels'; the round-robin quantum matters when rr runs too
      boolean rrQuantum = a != Algorithm.MLFQ || compare;
      return quanta.isEmpty() || quanta.getFirst() == Mlfq.UNLIMITED || !rrQuantum
          ? config
          : config.withQuantum(quanta.getFirst());
    } catch (IllegalArgumentException e) {
      throw usage(e.getMessage());
    }
  }

  private Mlfq mlfq(List<Long> quanta) {
    if (levels != null && quanta.size() > 1 && levels != quanta.size()) {
      throw usage("--levels=" + levels + " but --quantum gives " + quanta.size() + " quanta");
    }
    Mlfq m;
    if (quanta.size() > 1) {
      m = Mlfq.of(quanta.stream().mapToLong(Long::longValue).toArray());
    } else {
      int n = levels == null ? Mlfq.defaults().levels() : levels;
      long top = quanta.isEmpty() ? Config.DEFAULT_QUANTUM : quanta.getFirst();
      m = top == Mlfq.UNLIMITED ? Mlfq.of(repeat(top, n)) : Mlfq.doubling(n, top);
    }
    if (allotment != null) {
      List<Long> given = numbers("--allotment", allotment, true);
      long[] a = given.size() == 1 ? repeat(given.getFirst(), m.levels()) : toArray(given);
      if (a.length != m.levels()) {
        throw usage("--allotment gives " + a.length + " values for " + m.levels() + " levels");
      }
      m = m.withAllotments(a);
    }
    if (afterIo != null) {
      m =
          m.withAfterIo(
              switch (afterIo.toLowerCase(Locale.ROOT)) {
                case "keep" -> Mlfq.AfterIo.KEEP;
                case "raise" -> Mlfq.AfterIo.RAISE;
                default -> throw usage("--after-io is keep or raise: --after-io=" + afterIo);
              });
    }
    return m.withBoost(boost);
  }

  private Config.TieBreak tieBreak() {
    if (tieBreak == null) {
      return Config.TieBreak.EARLIER_ARRIVAL;
    }
    return switch (tieBreak.toLowerCase(Locale.ROOT)) {
      case "earlier-arrival" -> Config.TieBreak.EARLIER_ARRIVAL;
      case "queue-order" -> Config.TieBreak.QUEUE_ORDER;
      case "input-order" -> Config.TieBreak.INPUT_ORDER;
      default ->
          throw usage(
              "--tie-break is earlier-arrival, queue-order or input-order: --tie-break="
                  + tieBreak);
    };
  }

  /** Comma-separated whole numbers, each > 0; 'inf' is {@link Mlfq#UNLIMITED} if allowed. */
  private List<Long> numbers(String option, String text, boolean infinite) {
    List<Long> values = new ArrayList<>();
    for (String part : text.split(",", -1)) {
      String p = part.strip();
      long v;
      if (infinite && p.equalsIgnoreCase("inf")) {
        v = Mlfq.UNLIMITED;
      } else {
        try {
          v = Long.parseLong(p);
        } catch (NumberFormatException e) {
          throw usage(option + " is not a whole number: " + option + "=" + text);
        }
      }
      if (v <= 0) {
        String what = option.substring(2);
        throw usage(what + " must be > 0: " + option + "=" + text);
      }
      values.add(v);
    }
    return values;
  }

  private JobSet read(Path file) {
    try {
      return JobCsv.read(file);
    } catch (NoSuchFileException e) {
      throw usage("no job file " + file + ": give the path of a CSV file, or use --example NAME");
    } catch (IOException e) {
      throw usage("cannot read the job file " + file + ": " + e.getMessage());
    } catch (IllegalArgumentException e) { // JobFormatException: names the line and the value
      throw usage(e.getMessage());
    }
  }

  private void write(Path file, String option, String text) {
    try {
      Files.writeString(file, text, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw usage("cannot write " + option + " " + file + ": " + e);
    }
  }

  /** The book's averages for the settings used, if it gives them, and whether this run agrees. */
  private static void known(PrintWriter out, Textbook.Example book, Schedule s) {
    for (Textbook.Known k : book.known()) {
      if (relevant(k.config()).equals(relevant(s.config()))) {
        boolean same =
            Reports.two(k.waiting()).equals(Reports.two(s.averageWaiting()))
                && Reports.two(k.turnaround()).equals(Reports.two(s.averageTurnaround()))
                && Reports.two(k.response()).equals(Reports.two(s.averageResponse()));
        out.println(
            "known answer: waiting "
                + Reports.two(k.waiting())
                + ", turnaround "
                + Reports.two(k.turnaround())
                + ", response "
                + Reports.two(k.response())
                + (same ? " (this run agrees)" : " (THIS RUN DIFFERS)"));
      }
    }
  }

  /** The settings with those the algorithm ignores (quantum, MLFQ set-up) set to the defaults. */
  private static Config relevant(Config c) {
    Config defaults = Config.of(c.algorithm());
    Config q = c.algorithm() == Algorithm.RR ? c : c.withQuantum(defaults.quantum());
    return c.algorithm() == Algorithm.MLFQ ? q : q.withMlfq(defaults.mlfq());
  }

  private static void list(PrintWriter out) {
    int w = Textbook.all().stream().mapToInt(e -> e.name().length()).max().orElse(0);
    out.println("Built-in job sets; run one with: multitask sched --example NAME");
    for (Textbook.Example e : Textbook.all()) {
      out.printf("  %-" + w + "s  %s%n", e.name(), e.source());
    }
  }

  private ParameterException unknownExample(String typed) {
    List<String> names = Textbook.all().stream().map(Textbook.Example::name).toList();
    List<String> close = Suggestions.closeTo(typed, names);
    return usage(
        "no built-in job set '"
            + typed
            + "'; "
            + (close.isEmpty()
                ? "run 'multitask sched --list-examples' to list them"
                : "did you mean: " + String.join(", ", close) + "?"));
  }

  private ParameterException usage(String message) {
    return new ParameterException(spec.commandLine(), message);
  }

  private static long[] repeat(long value, int n) {
    long[] a = new long[n];
    java.util.Arrays.fill(a, value);
    return a;
  }

  private static long[] toArray(List<Long> values) {
    return values.stream().mapToLong(Long::longValue).toArray();
  }

  private static String capitalized(String text) {
    return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
  }
}
