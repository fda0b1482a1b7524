package dev.multitask.cli;

import dev.multitask.pool.PoolOptions;
import dev.multitask.pool.Progress;
import java.io.Console;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Draws the {@link Progress} of a pool's {@code map} or {@code imap} as a text bar: give it to
 * {@link PoolOptions#onProgress}. On a terminal it redraws one line in place (at most every {@value
 * #REDRAW_MILLIS} ms, and once more when the map is done); elsewhere (a file, a pipe, a test) it
 * prints a line each time another {@code stepPercent} % is done, and at 100 %.
 *
 * <pre>{@code
 * [############------------]  50%  60/120  38.2 items/s  ETA 1.6 s
 * [########################] 100%  120/120  38.0 items/s  in 3.2 s
 * }</pre>
 *
 * <p>One bar follows one call: the call of the first report it hears (other calls of the same pool
 * are ignored), and once it has drawn 100 % it ignores further reports until {@link #reset()}. When
 * the input is not a {@code Collection} the total is unknown; the bar then prints the count and
 * rate, at most once a second on a terminal's line or as a line.
 *
 * <p>A pool may call its listener with the last report just after {@code map} has returned, so a
 * caller that prints more afterwards first waits for the bar with {@link #awaitEnd(Duration)}.
 */
final class ProgressBar implements Consumer<Progress> {
  /** The bar's width in characters, between the brackets. */
  static final int WIDTH = 24;

  /** The shortest time between two redraws on a terminal. */
  static final long REDRAW_MILLIS = 100;

  private static final long UNKNOWN_TOTAL_MILLIS = 1000;

  private final PrintWriter out;
  private final String indent;
  private final boolean terminal;
  private final int stepPercent;
  // guarded by this
  private long shown = -1;
  private long following;
  private long drawnAtMillis = -1;
  private int nextPercent;
  private int drawnLength;

  private ProgressBar(PrintWriter out, String indent, boolean terminal, int stepPercent) {
    this.out = Objects.requireNonNull(out, "out");
    this.indent = Objects.requireNonNull(indent, "indent");
    this.terminal = terminal;
    this.stepPercent = stepPercent;
    reset();
  }

  /**
   * A bar that redraws one line in place, for a terminal.
   *
   * @param out where to draw
   * @param indent printed before the bar
   * @return the bar
   */
  static ProgressBar redrawing(PrintWriter out, String indent) {
    return new ProgressBar(out, indent, true, 0);
  }

  /**
   * A bar printed as a new line every {@code stepPercent} %, for output that is not a terminal.
   *
   * @param out where to print
   * @param indent printed before each line
   * @param stepPercent 1 to 100
   * @return the bar
   * @throws IllegalArgumentException if {@code stepPercent} is not 1 to 100
   */
  static ProgressBar lines(PrintWriter out, String indent, int stepPercent) {
    if (stepPercent < 1 || stepPercent > 100) {
      throw new IllegalArgumentException(
          "stepPercent must be 1 to 100: stepPercent=" + stepPercent);
    }
    return new ProgressBar(out, indent, false, stepPercent);
  }

  /**
   * A redrawing bar if this JVM's output is a terminal, else lines every 25 %.
   *
   * @param out where to draw; it should be this JVM's standard output
   * @param indent printed before the bar
   * @return the bar
   */
  static ProgressBar auto(PrintWriter out, String indent) {
    Console console = System.console();
    return console != null && console.isTerminal()
        ? redrawing(out, indent)
        : lines(out, indent, 25);
  }

  /** Starts a new bar: the next report is drawn as the first of another call. */
  synchronized void reset() {
    shown = -1;
    following = 0;
    drawnAtMillis = -1;
    nextPercent = stepPercent;
    drawnLength = 0;
  }

  /**
   * Waits until the bar has drawn 100 %, or {@code timeout} has passed.
   *
   * @param timeout the longest wait
   * @return whether the bar has ended; never for an unknown total
   * @throws InterruptedException if interrupted while waiting
   */
  synchronized boolean awaitEnd(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (shown != Long.MAX_VALUE) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return false;
      }
      TimeUnit.NANOSECONDS.timedWait(this, left);
    }
    return true;
  }

  @Override
  public synchronized void accept(Progress p) {
    if (following == 0) {
      following = p.call();
    }
    if (p.call() != following || p.done() <= shown) {
      return; // another call's, or after 100 %
    }
    boolean done = p.total() >= 0 && p.done() >= p.total();
    long millis = p.elapsed().toMillis();
    if (terminal) {
      long gap = p.total() < 0 ? UNKNOWN_TOTAL_MILLIS : REDRAW_MILLIS;
      if (!done && drawnAtMillis >= 0 && millis - drawnAtMillis < gap) {
        return;
      }
      String text = indent + line(p);
      // pad over the rest of a longer previous line
      out.print("\r" + text + " ".repeat(Math.max(0, drawnLength - text.length())));
      drawnLength = text.length();
      if (done) {
        out.println();
      }
    } else if (p.total() < 0) {
      if (drawnAtMillis >= 0 && millis - drawnAtMillis < UNKNOWN_TOTAL_MILLIS) {
        return;
      }
      out.println(indent + line(p));
    } else {
      int percent = percent(p);
      if (!done && percent < nextPercent) {
        return;
      }
      out.println(indent + line(p));
      nextPercent =
          (percent / stepPercent + 1) * stepPercent; // a jump past several steps prints once
    }
    out.flush();
    shown = done ? Long.MAX_VALUE : p.done();
    drawnAtMillis = millis;
    if (done) {
      notifyAll();
    }
  }

  /**
   * The text of one report, without indent.
   *
   * @param p the report
   * @return such as {@code [######------------------] 25% 30/120 38.2 items/s ETA 2.4 s}
   */
  static String line(Progress p) {
    String rate = rate(p.itemsPerSecond());
    if (p.total() < 0) {
      return p.done() + " items  " + rate + "  after " + duration(p.elapsed());
    }
    int filled = (int) Math.min(WIDTH, Math.floor(Math.max(0, p.fraction()) * WIDTH));
    String bar = "[" + "#".repeat(filled) + "-".repeat(WIDTH - filled) + "]";
    String pct = String.format(Locale.ROOT, "%3d%%", percent(p));
    String when =
        p.done() >= p.total()
            ? "in " + duration(p.elapsed())
            : p.eta().map(eta -> "ETA " + duration(eta)).orElse("ETA ?");
    return bar + " " + pct + "  " + p.done() + "/" + p.total() + "  " + rate + "  " + when;
  }

  /** Whole percent done, rounded down, so that 100 % means all. */
  private static int percent(Progress p) {
    return (int) Math.min(100, Math.floor(Math.max(0, p.fraction()) * 100));
  }

  private static String rate(double itemsPerSecond) {
    return String.format(
        Locale.ROOT, itemsPerSecond >= 100 ? "%.0f items/s" : "%.1f items/s", itemsPerSecond);
  }

  /** Such as {@code 0.4 s}, {@code 12.0 s}, {@code 3 min 05 s}. */
  static String duration(Duration d) {
    double seconds = d.toNanos() / 1e9;
    if (seconds < 60) {
      return String.format(Locale.ROOT, "%.1f s", seconds);
    }
    long whole = d.toSeconds();
    return String.format(Locale.ROOT, "%d min %02d s", whole / 60, whole % 60);
  }
}
