package dev.multitask.trace;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a {@link Trace} recorded: the events of this process and of the child processes it ran, with
 * the names of their processes and threads; immutable. Writes itself as Chrome trace-event JSON
 * ({@link #toChromeJson()}: opens in Perfetto and {@code chrome://tracing}) and as a self-contained
 * HTML timeline ({@link #toHtml()}: no network needed to view it).
 */
public final class Recording {
  /** The name of the JSON file {@link #writeTo(Path)} writes. */
  public static final String JSON_FILE = "trace.json";

  /** The name of the HTML file {@link #writeTo(Path)} writes. */
  public static final String HTML_FILE = "trace.html";

  private final List<TraceEvent> events;
  private final Map<Long, String> processNames;
  private final Map<Long, Map<Long, String>> threadNames;
  private final long dropped;
  private final long originNanos;

  /**
   * A recording of {@code events}: those that end before {@code sinceNanos} are left out, and a
   * child's {@link TraceEvent#MAIN_THREAD} lane becomes its main thread's id (or its pid).
   */
  Recording(List<TraceEvent> events, Names names, long dropped, long sinceNanos) {
    Map<Long, Long> mains = names.mainThreads();
    List<TraceEvent> kept = new ArrayList<>(events.size());
    for (TraceEvent e : events) {
      if (e.endNanos() < sinceNanos) {
        continue;
      }
      if (e.tid() == TraceEvent.MAIN_THREAD) {
        long main = mains.getOrDefault(e.pid(), e.pid());
        e =
            new TraceEvent(
                e.kind(),
                e.name(),
                e.pid(),
                main,
                e.startNanos(),
                e.durationNanos(),
                e.a(),
                e.b(),
                e.text());
        if (!mains.containsKey(e.pid())) {
          names.thread(e.pid(), main, "main");
        }
      }
      kept.add(e);
    }
    kept.sort(
        Comparator.comparingLong(TraceEvent::startNanos)
            .thenComparing(Comparator.comparingLong(TraceEvent::durationNanos).reversed()));
    this.events = List.copyOf(kept);
    this.processNames = names.processes();
    this.threadNames = names.threads();
    this.dropped = dropped;
    long first = kept.isEmpty() ? sinceNanos : kept.getFirst().startNanos();
    this.originNanos = sinceNanos == Long.MIN_VALUE ? first : Math.min(first, sinceNanos);
  }

  /**
   * The events, by start time (a longer event first when two start together).
   *
   * @return an unmodifiable list
   */
  public List<TraceEvent> events() {
    return events;
  }

  /**
   * The processes the events happened in.
   *
   * @return their pids, ascending
   */
  public Set<Long> pids() {
    Set<Long> pids = new TreeSet<>();
    events.forEach(e -> pids.add(e.pid()));
    return pids;
  }

  /**
   * A process's name: its job's, "MainProcess", or a pool worker's.
   *
   * @param pid the process
   * @return the name, or {@code "process " + pid} if none is known
   */
  public String processName(long pid) {
    return processNames.getOrDefault(pid, "process " + pid);
  }

  /**
   * A thread's name, as it was when it first recorded an event.
   *
   * @param pid its process
   * @param tid its thread id (or an event loop's lane)
   * @return the name, or {@code "thread " + tid} if none is known
   */
  public String threadName(long pid, long tid) {
    Map<Long, String> names = threadNames.get(pid);
    String name = names == null ? null : names.get(tid);
    return name != null ? name : "thread " + tid;
  }

  /**
   * How many events did not fit a process's buffer ({@value Recorder#MAX_EVENTS_PROPERTY}) and are
   * missing.
   *
   * @return the count, 0 when nothing is missing
   */
  public long dropped() {
    return dropped;
  }

  /**
   * The time the files count from: the trace's start, or its first event if that was earlier.
   *
   * @return a {@link System#nanoTime()} value
   */
  public long originNanos() {
    return originNanos;
  }

  /**
   * The recording as Chrome trace-event JSON: metadata events ({@code "ph":"M"}) naming every
   * process and thread, then one complete event ({@code "ph":"X"}) per event with a duration, or an
   * instant ({@code "ph":"i"}), in time order; times in microseconds from {@link #originNanos()}.
   *
   * @return the JSON text
   */
  public String toChromeJson() {
    return ChromeJson.write(this);
  }

  /**
   * The recording as one HTML page that draws it: a lane per process and thread, bars for tasks and
   * waits, details on hover, zoom with the wheel or the buttons. It needs no network: the page
   * carries its script, its style and {@link #toChromeJson()}.
   *
   * @return the HTML text
   */
  public String toHtml() {
    return HtmlTimeline.write(toChromeJson(), title());
  }

  private String title() {
    return "multitask trace: "
        + events.size()
        + " events, "
        + pids().size()
        + " process"
        + (pids().size() == 1 ? "" : "es");
  }

  /**
   * Writes {@value #JSON_FILE} and {@value #HTML_FILE} into {@code directory}, making it if it is
   * missing; existing files of those names are replaced.
   *
   * @param directory where to write
   * @return the HTML file's path
   * @throws IOException if a file cannot be written
   */
  public Path writeTo(Path directory) throws IOException {
    Objects.requireNonNull(directory, "directory: pass where trace.json and trace.html go");
    Files.createDirectories(directory);
    String json = toChromeJson();
    Files.writeString(directory.resolve(JSON_FILE), json, StandardCharsets.UTF_8);
    Path html = directory.resolve(HTML_FILE);
    Files.writeString(html, HtmlTimeline.write(json, title()), StandardCharsets.UTF_8);
    return html;
  }

  @Override
  public String toString() {
    return title() + (dropped > 0 ? ", " + dropped + " dropped" : "");
  }
}
