package dev.multitask.trace;

import java.util.Objects;

/**
 * A recording of what a run does — jobs, pool tasks per worker, waits for locks, conditions, queues
 * and barriers, coroutine switches — in this process and in the child processes it runs, written as
 * a Chrome trace (Perfetto, {@code chrome://tracing}) and as a self-contained HTML timeline.
 *
 * <pre>{@code
 * Trace trace = Trace.start();
 * try (Pool pool = ctx.pool(4)) { pool.map(work, inputs); }
 * Recording recording = trace.stop();
 * recording.writeTo(Path.of("out"));   // out/trace.json and out/trace.html
 * }</pre>
 *
 * <p>Three ways to turn it on: this class; the system property {@code -Dmultitask.trace=DIR} for
 * any program (the trace runs from the first use of the library to the JVM's exit, and is written
 * into DIR then); and the command line, {@code multitask trace --out DIR -- examples NAME}.
 *
 * <p>Traces nest: while one is open another may start (a library that traces its own work inside a
 * traced program); each gets the events from its start to its stop, and the recorder stays on until
 * the last one stops. Only blocking paths are recorded: an uncontended lock or a queue that never
 * waits leaves no event, and costs nothing extra. A child process's events reach this one when its
 * job ends, or with each pool task's result; a child killed before that loses its own events (its
 * job or task is still drawn, from this side).
 *
 * <p>Thread-safe: any thread may start, snapshot or stop a trace.
 */
public final class Trace implements AutoCloseable {
  /** The system property that traces a whole program: {@code -Dmultitask.trace=DIR}. */
  public static final String PROPERTY = "multitask.trace";

  private final long sinceNanos;
  private boolean stopped; // guarded by this

  private Trace(long sinceNanos) {
    this.sinceNanos = sinceNanos;
  }

  /**
   * Starts recording, in this process and in the child processes it starts jobs and pool tasks in
   * from now on.
   *
   * @return the trace; stop it to get its recording
   */
  public static Trace start() {
    long since = Recorder.now();
    Recorder.open();
    return new Trace(since);
  }

  /**
   * Whether any trace is recording in this process now.
   *
   * @return true while one is
   */
  public static boolean isOn() {
    return Recorder.isOn();
  }

  /**
   * What this trace has recorded so far; it goes on recording.
   *
   * @return the events so far
   * @throws IllegalStateException if the trace was stopped
   */
  public synchronized Recording snapshot() {
    checkRunning("snapshot");
    return Recorder.snapshot(sinceNanos);
  }

  /**
   * Stops this trace.
   *
   * @return what it recorded, from its start to now
   * @throws IllegalStateException if it was stopped already
   */
  public synchronized Recording stop() {
    checkRunning("stop");
    stopped = true;
    return Recorder.close(sinceNanos);
  }

  /** Stops the trace if it is still running, and drops what it recorded. */
  @Override
  public synchronized void close() {
    if (!stopped) {
      stopped = true;
      Recorder.close(sinceNanos);
    }
  }

  private void checkRunning(String operation) {
    if (stopped) {
      throw new IllegalStateException(
          operation + " of a trace that was stopped: start a new one with Trace.start()");
    }
  }

  /**
   * Marks a span of the calling thread, from now until the returned span is closed, while a trace
   * is on; otherwise it costs one flag check and records nothing.
   *
   * <pre>{@code
   * try (var span = Trace.span("load the model")) { ... }
   * }</pre>
   *
   * @param name what the span shows
   * @return the span; close it on the same thread
   */
  public static Span span(String name) {
    Objects.requireNonNull(name, "name: pass what the span shows");
    return Recorder.isOn() ? new Span(name, Recorder.now()) : Span.OFF;
  }

  /**
   * Marks a moment of the calling thread, while a trace is on.
   *
   * @param name what the mark shows
   */
  public static void instant(String name) {
    Objects.requireNonNull(name, "name: pass what the mark shows");
    if (Recorder.isOn()) {
      Recorder.current(TraceEvent.Kind.INSTANT, name, Recorder.now(), 0, 0, null);
    }
  }

  /** A span of a thread's time, recorded when it is closed ({@link Trace#span(String)}). */
  public static final class Span implements AutoCloseable {
    static final Span OFF = new Span(null, 0);

    private final String name;
    private final long startNanos;

    private Span(String name, long startNanos) {
      this.name = name;
      this.startNanos = startNanos;
    }

    /** Records the span, ending now. */
    @Override
    public void close() {
      if (name != null && Recorder.isOn()) {
        Recorder.current(TraceEvent.Kind.SPAN, name, startNanos, 0, 0, null);
      }
    }
  }

  @Override
  public synchronized String toString() {
    return "Trace[since " + sinceNanos + (stopped ? ", stopped]" : ", recording]");
  }
}
