package dev.multitask.sched;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Schedules as one self-contained SVG image (no fonts, scripts or links to fetch): per schedule a
 * title, the CPU row (jobs, idle time, context switches) with its time axis, and one lane per job
 * showing when it ran, waited ready, and did I/O. Several schedules of one job set share one time
 * scale, so they compare at a glance. Every bar has a {@code <title>}, shown on hover. Stateless;
 * any thread may call it.
 */
public final class SvgChart {
  static final List<String> PALETTE =
      List.of(
          "#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7",
          "#9c755f", "#bab0ac");
  static final String IDLE = "#eeeeee";
  static final String SWITCH = "#555555";
  static final String IO = "#9e9e9e";

  private static final int WIDTH = 960;
  private static final int LEFT = 120;
  private static final int RIGHT = 24;
  private static final int ROW = 26;
  private static final int LANE = 16;
  private static final int GAP = 6;
  private static final int MIN_LABEL_GAP = 28;

  private SvgChart() {}

  /**
   * One schedule as an SVG document.
   *
   * @param schedule the schedule
   * @return the SVG text
   */
  public static String render(Schedule schedule) {
    return render(List.of(schedule));
  }

  /**
   * Schedules stacked in one SVG document, on one time scale.
   *
   * @param schedules the schedules, at least one
   * @return the SVG text
   * @throws IllegalArgumentException if the list is empty
   */
  public static String render(List<Schedule> schedules) {
    Objects.requireNonNull(schedules, "schedules");
    if (schedules.isEmpty()) {
      throw new IllegalArgumentException("no schedule to draw: pass at least one");
    }
    long end = schedules.stream().mapToLong(s -> s.timeline().getLast().end()).max().orElse(1);
    StringBuilder body = new StringBuilder();
    int y = 8;
    for (Schedule s : schedules) {
      y = block(body, s, end, y) + 18;
    }
    y = legend(body, y);
    return "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\""
        + WIDTH
        + "\" height=\""
        + y
        + "\" viewBox=\"0 0 "
        + WIDTH
        + " "
        + y
        + "\" font-family=\"sans-serif\" font-size=\"12\">\n"
        + "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n"
        + body
        + "</svg>\n";
  }

  /** Draws one schedule from {@code y}; returns the y below it. */
  private static int block(StringBuilder out, Schedule s, long end, int y) {
    text(
        out,
        8,
        y + 14,
        "start",
        "font-weight=\"bold\"",
        s.jobs().name() + ": " + s.config().describe());
    y += 24;
    text(out, 8, y + ROW / 2 + 4, "start", "", "CPU");
    out.append("<g class=\"cpu\">\n");
    for (Segment seg : s.timeline()) {
      String fill =
          switch (seg.kind()) {
            case RUN -> colour(s, seg.job());
            case IDLE -> IDLE;
            case SWITCH -> SWITCH;
          };
      String what =
          switch (seg.kind()) {
            case RUN -> seg.job() + " runs" + (seg.level() >= 0 ? " on level " + seg.level() : "");
            case IDLE -> "idle";
            case SWITCH -> "context switch to " + seg.job();
          };
      rect(
          out,
          x(seg.start(), end),
          y,
          x(seg.end(), end) - x(seg.start(), end),
          ROW,
          fill,
          what + ": " + seg.start() + " to " + seg.end());
      String label =
          seg.kind() == Segment.Kind.RUN
              ? seg.job() + (seg.level() >= 0 ? " q" + seg.level() : "")
              : "";
      if (!label.isEmpty() && x(seg.end(), end) - x(seg.start(), end) >= 7.5 * label.length() + 4) {
        text(
            out,
            (x(seg.start(), end) + x(seg.end(), end)) / 2,
            y + ROW / 2 + 4,
            "middle",
            "fill=\"white\"",
            label);
      }
    }
    out.append("</g>\n");
    y += ROW;
    y = axis(out, s, end, y);
    for (JobResult r : s.results()) {
      lane(out, s, r, end, y);
      y += LANE + 4;
    }
    return y;
  }

  /** Tick marks at every boundary; a number where it does not crowd the one before. */
  private static int axis(StringBuilder out, Schedule s, long end, int y) {
    List<Long> times = new ArrayList<>();
    for (Segment seg : s.timeline()) {
      times.add(seg.start());
    }
    times.add(s.timeline().getLast().end());
    double last = Double.NEGATIVE_INFINITY;
    for (long t : times) {
      double x = x(t, end);
      out.append("<line x1=\"")
          .append(fmt(x))
          .append("\" y1=\"")
          .append(y)
          .append("\" x2=\"")
          .append(fmt(x))
          .append("\" y2=\"")
          .append(y + 4)
          .append("\" stroke=\"black\"/>\n");
      if (x - last >= MIN_LABEL_GAP) {
        text(out, x, y + 16, "middle", "", Long.toString(t));
        last = x;
      }
    }
    return y + 24;
  }

  /**
   * A job's lane: ready (pale), running (its colour), I/O (grey), between arrival and completion.
   */
  private static void lane(StringBuilder out, Schedule s, JobResult r, long end, int y) {
    String colour = colour(s, r.name());
    text(out, LEFT - 8, y + LANE - 4, "end", "", r.name());
    out.append("<g class=\"lane\" data-job=\"").append(escape(r.name())).append("\">\n");
    List<Interval> busy = new ArrayList<>();
    for (Segment seg : s.timeline()) {
      if (seg.kind() == Segment.Kind.RUN && seg.job().equals(r.name())) {
        busy.add(new Interval(seg.start(), seg.end()));
        rect(
            out,
            x(seg.start(), end),
            y,
            x(seg.end(), end) - x(seg.start(), end),
            LANE,
            colour,
            r.name() + " runs: " + seg.start() + " to " + seg.end());
      }
    }
    for (Interval io : r.io()) {
      busy.add(io);
      rect(
          out,
          x(io.start(), end),
          y + 3,
          x(io.end(), end) - x(io.start(), end),
          LANE - 6,
          IO,
          r.name() + " does I/O: " + io.start() + " to " + io.end());
    }
    busy.sort(Comparator.comparingLong(Interval::start));
    long at = r.arrival();
    for (Interval b : busy) {
      waiting(out, r.name(), colour, at, b.start(), end, y);
      at = Math.max(at, b.end());
    }
    waiting(out, r.name(), colour, at, r.completion(), end, y);
    out.append("</g>\n");
  }

  private static void waiting(
      StringBuilder out, String job, String colour, long from, long to, long end, int y) {
    if (to > from) {
      out.append("<rect x=\"")
          .append(fmt(x(from, end)))
          .append("\" y=\"")
          .append(y)
          .append("\" width=\"")
          .append(fmt(x(to, end) - x(from, end)))
          .append("\" height=\"")
          .append(LANE)
          .append("\" fill=\"")
          .append(colour)
          .append("\" fill-opacity=\"0.25\"><title>")
          .append(escape(job))
          .append(" waits ready: ")
          .append(from)
          .append(" to ")
          .append(to)
          .append("</title></rect>\n");
    }
  }

  private static int legend(StringBuilder out, int y) {
    String[][] keys = {
      {PALETTE.getFirst(), "1", "runs"},
      {PALETTE.getFirst(), "0.25", "waits ready"},
      {IO, "1", "I/O"},
      {IDLE, "1", "CPU idle"},
      {SWITCH, "1", "context switch"}
    };
    int x = 8;
    for (String[] k : keys) {
      out.append("<rect x=\"")
          .append(x)
          .append("\" y=\"")
          .append(y)
          .append("\" width=\"14\" height=\"12\" fill=\"")
          .append(k[0])
          .append("\" fill-opacity=\"")
          .append(k[1])
          .append("\" stroke=\"#999\"/>\n");
      text(out, x + 20, y + 10, "start", "", k[2]);
      x += 40 + 8 * k[2].length();
    }
    return y + 12 + GAP * 2;
  }

  private static void rect(
      StringBuilder out, double x, int y, double w, int h, String fill, String title) {
    out.append("<rect x=\"")
        .append(fmt(x))
        .append("\" y=\"")
        .append(y)
        .append("\" width=\"")
        .append(fmt(w))
        .append("\" height=\"")
        .append(h)
        .append("\" fill=\"")
        .append(fill)
        .append("\" stroke=\"white\" stroke-width=\"0.5\"><title>")
        .append(escape(title))
        .append("</title></rect>\n");
  }

  private static void text(
      StringBuilder out, double x, int y, String anchor, String attributes, String text) {
    out.append("<text x=\"")
        .append(fmt(x))
        .append("\" y=\"")
        .append(y)
        .append("\" text-anchor=\"")
        .append(anchor)
        .append('"')
        .append(attributes.isEmpty() ? "" : " " + attributes)
        .append('>')
        .append(escape(text))
        .append("</text>\n");
  }

  private static double x(long t, long end) {
    return LEFT + (double) t * (WIDTH - LEFT - RIGHT) / end;
  }

  private static String fmt(double v) {
    return String.format(Locale.ROOT, "%.2f", v);
  }

  /** The colour of a job, by its place in the job set. */
  static String colour(Schedule s, String job) {
    List<Job> jobs = s.jobs().jobs();
    for (int i = 0; i < jobs.size(); i++) {
      if (jobs.get(i).name().equals(job)) {
        return PALETTE.get(i % PALETTE.size());
      }
    }
    return PALETTE.getFirst();
  }

  /** Text safe in XML content and attribute values. */
  static String escape(String text) {
    StringBuilder out = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c < 0x20 && c != '\t' ? ' ' : c);
      }
    }
    return out.toString();
  }
}
