package dev.multitask.bench.soak;

import dev.multitask.Context;
import dev.multitask.Multitask;
import dev.multitask.ProcessOptions;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The reliability soak: for a given duration, queues, locks, a pool, shared values, barriers,
 * events, conditions and a manager's map and list are used by child processes that are SIGKILLed
 * and SIGSTOPped/SIGCONTed at random, all at once, each scenario in a thread of its own (see the
 * scenario classes for what each checks). Every few seconds it prints a status line with what the
 * parent holds (mappings of multitask segments, segment files, descriptors, threads, children); at
 * the end a summary, and it exits 0 only if every check held:
 *
 * <ul>
 *   <li>no element lost beyond the documented allowance (one per consumer killed mid-take), none
 *       duplicated, every sum exact, every takeover of a dead holder's lock and none of a live one;
 *   <li>no hang: every timed call returned within {@link Scenario#HANG} of its timeout, every job
 *       ended when it should, every scenario finished a round at least every {@link #STALL}
 *       seconds;
 *   <li>flat resources: after a warm-up, the second half of the run held no more than the first
 *       half did, give or take a margin (runs of at least {@link #MIN_FLAT_SECONDS} s); after the
 *       context closed, no child left, no segment of this process mapped or in the directory.
 * </ul>
 *
 * <p>Usage: {@code bench/soak --duration 10m} (or {@code java --enable-native-access=ALL-UNNAMED
 * -cp bench/target/benchmarks.jar dev.multitask.bench.soak.Soak --duration 90s}); a duration is
 * {@code <n>ms|s|m|h} or ISO-8601 ({@code PT10M}). Set {@code MULTITASK_SHM_DIR} to a directory of
 * its own (the script does) so that the file count sees the soak's segments only.
 */
public final class Soak {
  /** Seconds without a finished round after which a scenario counts as stalled. */
  static final int STALL = 300;

  /** The shortest run whose resource figures are judged for growth. */
  static final int MIN_FLAT_SECONDS = 120;

  private static final int STATUS_SECONDS = 5;
  private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h)");

  /**
   * How long a scenario keeps one context by default: long enough for many rounds in one context,
   * short enough that what a context keeps until it closes (every object handed to a child, see
   * {@code MadeObjects}) does not hide a leak that outlives the context.
   */
  public static final Duration CONTEXT = Duration.ofSeconds(60);

  /** The scenarios' names. */
  public static final List<String> SCENARIOS =
      List.of("queue", "lock", "pool", "values", "barrier", "event", "condition", "manager");

  private Soak() {}

  /**
   * What a soak run saw.
   *
   * @param passed whether every check held
   * @param violations the failed checks, as printed (the first 200)
   * @param counts every counter by name ({@code queue.ops}, {@code lock.kills}, ...)
   * @param peak the largest figures sampled during the run
   * @param last the figures after the context closed
   * @param summary the summary as printed
   */
  public record Report(
      boolean passed,
      List<String> violations,
      Map<String, Long> counts,
      String peak,
      String last,
      String summary) {}

  /**
   * Runs the soak for {@code --duration} and exits with 0 if every check held, 1 if not, 2 on bad
   * usage.
   *
   * @param args {@code --duration <d>}; optionally {@code --context <d>} (how long a scenario keeps
   *     a context before it closes it and opens another, {@link #CONTEXT} by default; {@code 0}:
   *     one context for the whole run) and {@code --scenarios <names>} (comma-separated, of {@link
   *     #SCENARIOS}; all by default)
   * @throws InterruptedException if interrupted
   */
  public static void main(String[] args) throws InterruptedException {
    Duration duration = null;
    Set<String> only = Set.copyOf(SCENARIOS);
    Duration contexts = CONTEXT;
    boolean usage = false;
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--duration") && i + 1 < args.length) {
        duration = parse(args[++i]);
      } else if (args[i].equals("--context") && i + 1 < args.length) {
        contexts = args[++i].equals("0") ? Duration.ZERO : parse(args[i]);
        usage |= contexts == null;
      } else if (args[i].equals("--scenarios") && i + 1 < args.length) {
        only = Set.of(args[++i].split(","));
        usage |= !SCENARIOS.containsAll(only);
      } else {
        usage = true;
      }
    }
    if (duration == null || usage) {
      System.err.println(
          "usage: soak --duration <n>ms|s|m|h [--context <n>s|m|0] [--scenarios "
              + String.join(",", SCENARIOS)
              + "]   e.g. soak --duration 10m");
      System.exit(2);
    }
    Report report = run(duration, contexts, only, System.out);
    System.exit(report.passed() ? 0 : 1);
  }

  /**
   * Parses {@code 10m}, {@code 90s}, {@code 500ms}, {@code 1h} or ISO-8601.
   *
   * @param text the duration
   * @return the duration, or null if {@code text} is none or not positive
   */
  static Duration parse(String text) {
    Matcher m = DURATION.matcher(text.trim().toLowerCase(Locale.ROOT));
    Duration d;
    if (m.matches()) {
      long n = Long.parseLong(m.group(1));
      d =
          switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            default -> Duration.ofHours(n);
          };
    } else {
      try {
        d = Duration.parse(text.trim());
      } catch (RuntimeException e) {
        return null;
      }
    }
    return d.isNegative() || d.isZero() ? null : d;
  }

  /**
   * Runs every scenario for {@code duration} (each then finishes its round), closes the context,
   * checks and prints the summary.
   *
   * @param duration how long to start new rounds
   * @param out where status lines, violations and the summary go
   * @return what the run saw
   * @throws InterruptedException if interrupted while the scenarios run
   */
  public static Report run(Duration duration, PrintStream out) throws InterruptedException {
    return run(duration, CONTEXT, Set.copyOf(SCENARIOS), out);
  }

  /**
   * Runs the scenarios named in {@code only} (of {@link #SCENARIOS}), as {@link #run(Duration,
   * PrintStream)} runs them all.
   *
   * @param duration how long to start new rounds
   * @param contexts how long a scenario uses one context before it closes it and opens another
   *     ({@link Duration#ZERO}: one context for the whole run)
   * @param only the scenarios to run
   * @param out where status lines, violations and the summary go
   * @return what the run saw
   * @throws InterruptedException if interrupted while the scenarios run
   */
  public static Report run(Duration duration, Duration contexts, Set<String> only, PrintStream out)
      throws InterruptedException {
    if (duration == null || duration.isNegative() || duration.isZero()) {
      throw new IllegalArgumentException("duration must be > 0: duration=" + duration);
    }
    Tally tally = new Tally(out);
    Resources before = Resources.sample();
    out.printf(
        "soak: %s, a context per scenario renewed every %s, pid %d, segments in %s;"
            + " before: %s%n",
        duration,
        contexts.isZero() ? "never" : contexts,
        ProcessHandle.current().pid(),
        Resources.shmDir(),
        before);
    List<Sample> samples = new ArrayList<>();
    Resources peak = before;
    Resources last;
    try (Signals signals = new Signals()) {
      List<Scenario> scenarios =
          Stream.of(
                  new QueueSoak(signals, tally),
                  new LockSoak(signals, tally),
                  new PoolSoak(signals, tally),
                  new ValueSoak(signals, tally),
                  new BarrierSoak(signals, tally),
                  new EventSoak(signals, tally),
                  new ConditionSoak(signals, tally),
                  new ManagerSoak(signals, tally))
              .filter(s -> only.contains(s.name()))
              .toList();
      long start = System.nanoTime();
      long deadline = start + duration.toNanos();
      List<Thread> threads = new ArrayList<>();
      for (Scenario s : scenarios) {
        threads.add(
            Thread.ofPlatform()
                .name("soak-" + s.name())
                .start(() -> loop(s, deadline, contexts, tally)));
      }
      boolean[] stalled = new boolean[scenarios.size()];
      long bootTime = Resources.bootTime();
      while (threads.stream().anyMatch(Thread::isAlive)) {
        for (Thread t : threads) {
          t.join(Duration.ofMillis(100));
          if (System.nanoTime() - start > (samples.size() + 1L) * STATUS_SECONDS * 1_000_000_000L) {
            break;
          }
        }
        if (System.nanoTime() - start < (samples.size() + 1L) * STATUS_SECONDS * 1_000_000_000L) {
          continue;
        }
        Resources now = Resources.sample();
        peak = peak.max(now);
        samples.add(new Sample((System.nanoTime() - start) / 1e9, now));
        out.println(status(tally, signals, now));
        long boot = Resources.bootTime();
        if (boot != bootTime) {
          tally.inc("soak.bootTimeMoves");
          out.printf(
              "note: the kernel's boot time moved from %d to %d (the wall clock was stepped):"
                  + " JVMs started before and after disagree on process start times%n",
              bootTime, boot);
          bootTime = boot;
        }
        for (int i = 0; i < scenarios.size(); i++) {
          Scenario s = scenarios.get(i);
          long quiet = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - s.lastProgress());
          if (threads.get(i).isAlive() && quiet > STALL && !stalled[i]) {
            stalled[i] = true;
            tally.violation(
                s.name(),
                "no round finished for "
                    + quiet
                    + " s (phase: "
                    + s.phase()
                    + ")"
                    + stack(threads.get(i)));
          }
          if (quiet <= STALL) {
            stalled[i] = false;
          }
        }
      }
      signals.continueAll();
    }
    last = settle(tally);
    String summary = summary(duration, tally, before, peak, last, samples);
    out.print(summary);
    out.flush();
    return new Report(
        tally.violations() == 0,
        tally.violationLines(),
        tally.countsSnapshot(),
        peak.toString(),
        last.toString(),
        summary);
  }

  private record Sample(double seconds, Resources resources) {}

  private static void loop(Scenario s, long deadline, Duration contexts, Tally tally) {
    s.ctx = open(tally);
    long opened = System.nanoTime();
    try {
      rounds(s, deadline, contexts, opened, tally);
    } finally {
      close(s.ctx, tally);
    }
  }

  private static Context open(Tally tally) {
    tally.inc("soak.contexts");
    return Multitask.processes(ProcessOptions.defaults().maxHeapMegabytes(96).standby(2));
  }

  private static void rounds(
      Scenario s, long deadline, Duration contexts, long opened, Tally tally) {
    while (System.nanoTime() < deadline) {
      if (!contexts.isZero() && System.nanoTime() - opened > contexts.toNanos()) {
        s.phase("renewing its context");
        close(s.ctx, tally);
        s.ctx = open(tally);
        opened = System.nanoTime();
      }
      try {
        s.round();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        tally.violation(s.name(), "interrupted");
        return;
      } catch (Throwable t) {
        tally.violation(s.name(), "a round threw " + describe(t));
        try {
          Thread.sleep(1000);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  private static String describe(Throwable t) {
    StringBuilder b = new StringBuilder(t.toString());
    StackTraceElement[] trace = t.getStackTrace();
    for (int i = 0; i < Math.min(6, trace.length); i++) {
      b.append("\n        at ").append(trace[i]);
    }
    for (Throwable c = t.getCause(); c != null; c = c.getCause()) {
      b.append("\n      caused by ").append(c);
    }
    return b.toString();
  }

  private static String stack(Thread t) {
    StringBuilder b = new StringBuilder();
    for (StackTraceElement e : t.getStackTrace()) {
      b.append("\n        at ").append(e);
    }
    return b.toString();
  }

  private static void close(Context ctx, Tally tally) {
    long t0 = System.nanoTime();
    Thread closer = Thread.ofPlatform().name("soak-close").start(ctx::close);
    try {
      if (!closer.join(Duration.ofSeconds(120))) {
        tally.violation("soak", "ctx.close() did not return within 120 s" + stack(closer));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt(); // the soak is ending: the closer goes on by itself
    }
    tally.max("soak.closeMillis", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
  }

  /** Waits (up to a minute) for the children to be gone, then checks what is left. */
  private static Resources settle(Tally tally) {
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    Resources r = Resources.sample();
    String own = "multitask-" + ProcessHandle.current().pid() + "-";
    while ((r.children() > 0
            || r.mappings() > 0
            || Resources.fileNames().stream().anyMatch(n -> n.startsWith(own)))
        && System.nanoTime() < until) {
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
      r = Resources.sample();
    }
    if (r.children() > 0) {
      tally.violation(
          "soak",
          r.children()
              + " child processes left after the context closed: "
              + Resources.childPids());
    }
    if (r.mappings() > 0) {
      tally.violation(
          "soak",
          r.mappings()
              + " mappings of multitask segments left after the context"
              + " closed: "
              + Resources.mappedFiles());
    }
    List<String> files = Resources.fileNames().stream().filter(n -> n.startsWith(own)).toList();
    if (!files.isEmpty()) {
      List<String> sized = new ArrayList<>();
      for (String f : files) {
        sized.add(f + " (" + Resources.shmDir().resolve(f).toFile().length() + " bytes)");
      }
      tally.violation(
          "soak",
          files.size()
              + " segment files of this process left after its contexts"
              + " closed: "
              + sized);
    }
    return r;
  }

  private static String status(Tally tally, Signals signals, Resources now) {
    return String.format(
        Locale.ROOT,
        "[%5ds] ops q=%d lock=%d pool=%d val=%d bar=%d ev=%d cond=%d mgr=%d | kills=%d stops=%d"
            + " (stopped now %d) lost=%d/%d dup=%d viol=%d | %s",
        tally.elapsedSeconds(),
        tally.get("queue.ops"),
        tally.get("lock.ops"),
        tally.get("pool.ops"),
        tally.get("values.ops"),
        tally.get("barrier.ops"),
        tally.get("event.ops"),
        tally.get("condition.ops"),
        tally.get("manager.ops"),
        tally.sumOf(".kills"),
        tally.sumOf(".stops"),
        signals.stoppedNow(),
        tally.get("queue.lost"),
        tally.get("queue.lostAllowance"),
        tally.get("queue.duplicated"),
        tally.violations(),
        now);
  }

  private static String summary(
      Duration duration,
      Tally tally,
      Resources before,
      Resources peak,
      Resources last,
      List<Sample> samples) {
    StringBuilder b =
        new StringBuilder(
            "\n== soak summary (" + duration + ", " + tally.elapsedSeconds() + " s in all)\n");
    Map<String, Long> counts = tally.countsSnapshot();
    for (String n : SCENARIOS) {
      b.append(
          String.format(
              Locale.ROOT,
              "%-10s rounds %5d  ops %9d  kills %4d  stops %5d%s%n",
              n,
              counts.getOrDefault(n + ".rounds", 0L),
              counts.getOrDefault(n + ".ops", 0L),
              counts.getOrDefault(n + ".kills", 0L),
              counts.getOrDefault(n + ".stops", 0L),
              details(n, counts, tally)));
    }
    b.append(
        String.format(
            Locale.ROOT,
            "all        kills %d, stops %d, contexts %d%n",
            tally.sumOf(".kills"),
            tally.sumOf(".stops"),
            tally.get("soak.contexts")));
    b.append(
        String.format(
            Locale.ROOT,
            "queue      lost %d (allowed %d: one per consumer killed), duplicated %d (allowed 0)%n",
            tally.get("queue.lost"),
            tally.get("queue.lostAllowance"),
            tally.get("queue.duplicated")));
    b.append(
        String.format(
            Locale.ROOT,
            "timed calls: largest overrun %d ms in the parent, %d ms in a child (hang: > %d s)%n",
            maxOf(tally, "overrunMillis"),
            maxOf(tally, "childOverrunMillis"),
            Scenario.HANG.toSeconds()));
    b.append("boot time (/proc/stat btime) moved ")
        .append(tally.get("soak.bootTimeMoves"))
        .append(" times\n");
    b.append("resources  before: ").append(before).append('\n');
    b.append("           peak:   ").append(peak).append('\n');
    flatness(b, tally, samples, duration);
    b.append("           after close: ")
        .append(last)
        .append(" ")
        .append(Resources.fileNames())
        .append(" (slowest context close ")
        .append(tally.maxOf("soak.closeMillis"))
        .append(" ms)\n");
    List<String> v = tally.violationLines();
    b.append(
        tally.violations() == 0
            ? "PASSED: every check held\n"
            : "FAILED: " + tally.violations() + " violations\n");
    for (String line : v) {
      b.append("  ").append(line).append('\n');
    }
    return b.toString();
  }

  private static long maxOf(Tally tally, String suffix) {
    long max = 0;
    for (var e : tally.maximaSnapshot().entrySet()) {
      if (e.getKey().endsWith("." + suffix)) {
        max = Math.max(max, e.getValue());
      }
    }
    return max;
  }

  private static String details(String n, Map<String, Long> counts, Tally tally) {
    return switch (n) {
      case "lock" ->
          String.format(
              Locale.ROOT,
              "  takeovers %d (unattributed %d), stopped-holder probes %d, dead-holder probes %d,"
                  + " timeouts %d",
              counts.getOrDefault("lock.takeovers", 0L),
              counts.getOrDefault("lock.takeoversUnattributed", 0L),
              counts.getOrDefault("lock.stoppedHolderProbes", 0L),
              counts.getOrDefault("lock.deadHolderProbes", 0L),
              counts.getOrDefault("lock.timeouts", 0L));
      case "pool" ->
          String.format(
              Locale.ROOT,
              "  tasks failed by kills %d (allowed %d)",
              counts.getOrDefault("pool.tasksKilled", 0L),
              counts.getOrDefault("pool.tasksKilledAllowance", 0L));
      case "barrier" -> "  broken reported " + counts.getOrDefault("barrier.brokenReported", 0L);
      case "condition" -> "  timed waits " + counts.getOrDefault("condition.waits", 0L);
      default -> "";
    };
  }

  /**
   * Compares the first and the second half of the samples after a warm-up (a fifth of the run): a
   * figure that grows with time has a second half well above the first.
   */
  private static void flatness(
      StringBuilder b, Tally tally, List<Sample> samples, Duration duration) {
    double warm = duration.toSeconds() / 5.0;
    List<Resources> after = new ArrayList<>();
    for (Sample s : samples) {
      if (s.seconds() >= warm) {
        after.add(s.resources());
      }
    }
    if (duration.toSeconds() < MIN_FLAT_SECONDS || after.size() < 4) {
      b.append("           growth: not judged (runs of at least ")
          .append(MIN_FLAT_SECONDS)
          .append(" s are)\n");
      return;
    }
    Resources first = Resources.zero();
    Resources second = Resources.zero();
    for (int i = 0; i < after.size(); i++) {
      if (i < after.size() / 2) {
        first = first.max(after.get(i));
      } else {
        second = second.max(after.get(i));
      }
    }
    b.append("           max, 1st half after warm-up: ").append(first).append('\n');
    b.append("           max, 2nd half:               ").append(second).append('\n');
    grows(tally, "mappings", first.mappings(), second.mappings(), 64);
    grows(tally, "segment files", first.files(), second.files(), 64);
    grows(tally, "descriptors", first.fds(), second.fds(), 64);
    grows(tally, "threads", first.threads(), second.threads(), 32);
  }

  private static void grows(Tally tally, String what, long first, long second, long margin) {
    if (second > first + first / 2 + margin) {
      tally.violation(
          "soak",
          what + " grew: at most " + first + " in the first half, " + second + " in the second");
    }
  }
}
