package dev.multitask.trace;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One thing a run did, on one lane (a thread of a process): a job, a pool task, a wait for a lock,
 * a condition, a queue or a barrier, a turn of a coroutine, or a span the program marked itself.
 * Immutable; safe to share between threads.
 *
 * <p>Times are {@link System#nanoTime()} values: on Linux every JVM of a host reads the same
 * monotonic clock, so the events of parent and child processes line up without adjustment.
 *
 * <p>The two numbers and the text an event carries mean what its {@link Kind} says; {@link #args()}
 * spells them out.
 */
public final class TraceEvent {
  /** What kind of thing an event is, with what its numbers ({@code a}, {@code b}) and text mean. */
  public enum Kind {
    /** A job from start to end: a = exit code, text = "ok" or "failed". */
    JOB("job"),
    /** A pool task: a = the task's number in its pool, b = the worker slot, text = the outcome. */
    TASK("task"),
    /** A wait for a lock: a = the holder's pid (0: none seen), b = the holder's thread id. */
    LOCK_WAIT("lock"),
    /** A wait on a condition: text = "signalled" or "timed out". */
    CONDITION_WAIT("condition"),
    /** A put that waited for room in a full queue. */
    QUEUE_PUT("queue"),
    /** A take that waited for an element of an empty queue. */
    QUEUE_TAKE("queue"),
    /** A barrier party from arrival to release: a = arrival index, b = parties, text = outcome. */
    BARRIER("barrier"),
    /** A coroutine holding its event loop, from one switch to the next: a = the loop's number. */
    COROUTINE("coroutine"),
    /** A span the program marked with {@link Trace#span(String)}. */
    SPAN("span"),
    /** A moment the program marked with {@link Trace#instant(String)}: duration 0. */
    INSTANT("instant");

    private final String category;

    Kind(String category) {
      this.category = category;
    }

    /**
     * The trace-event category ({@code "cat"}) of this kind: "job", "task", "lock", ...
     *
     * @return the category
     */
    public String category() {
      return category;
    }
  }

  /**
   * The thread id of a process's main thread as another process knows it: the parent records a
   * child's jobs and pool tasks on this lane, and the recording resolves it to the child's main
   * thread once the child has named it (or to the child's pid).
   */
  public static final long MAIN_THREAD = -1;

  private final Kind kind;
  private final String name;
  private final long pid;
  private final long tid;
  private final long startNanos;
  private final long durationNanos;
  private final long a;
  private final long b;
  private final String text;

  /**
   * An event.
   *
   * @param kind what it is
   * @param name what the lane shows: a job's or lock's name, a task's label
   * @param pid the process it happened in
   * @param tid the thread it happened on ({@link Thread#threadId()} in that process), {@link
   *     #MAIN_THREAD}, or a lane number of the recorder's own (an event loop's)
   * @param startNanos when it began, a {@link System#nanoTime()} value
   * @param durationNanos how long it lasted, &ge; 0
   * @param a the kind's first number
   * @param b the kind's second number
   * @param text the kind's text, or null
   */
  public TraceEvent(
      Kind kind,
      String name,
      long pid,
      long tid,
      long startNanos,
      long durationNanos,
      long a,
      long b,
      String text) {
    this.kind = Objects.requireNonNull(kind, "kind");
    this.name = Objects.requireNonNull(name, "name");
    if (durationNanos < 0) {
      throw new IllegalArgumentException(
          "durationNanos must be >= 0: durationNanos=" + durationNanos + " (" + name + ")");
    }
    this.pid = pid;
    this.tid = tid;
    this.startNanos = startNanos;
    this.durationNanos = durationNanos;
    this.a = a;
    this.b = b;
    this.text = text;
  }

  /** For the recorder's hooks: no argument checks, which its callers have made. */
  static TraceEvent of(
      Kind kind, String name, long pid, long tid, long start, long end, long a, long b, String t) {
    return new TraceEvent(
        kind, name == null ? "?" : name, pid, tid, start, Math.max(0, end - start), a, b, t);
  }

  /**
   * What the event is.
   *
   * @return the kind
   */
  public Kind kind() {
    return kind;
  }

  /**
   * The event's name, shown on its bar.
   *
   * @return the name
   */
  public String name() {
    return name;
  }

  /**
   * The process it happened in.
   *
   * @return the pid
   */
  public long pid() {
    return pid;
  }

  /**
   * The lane within the process: a thread id, {@link #MAIN_THREAD}, or an event loop's lane.
   *
   * @return the thread id
   */
  public long tid() {
    return tid;
  }

  /**
   * When it began.
   *
   * @return a {@link System#nanoTime()} value
   */
  public long startNanos() {
    return startNanos;
  }

  /**
   * How long it lasted.
   *
   * @return nanoseconds, 0 for an instant
   */
  public long durationNanos() {
    return durationNanos;
  }

  /**
   * When it ended.
   *
   * @return {@code startNanos() + durationNanos()}
   */
  public long endNanos() {
    return startNanos + durationNanos;
  }

  /**
   * The kind's first number (see {@link Kind}).
   *
   * @return the number
   */
  public long a() {
    return a;
  }

  /**
   * The kind's second number (see {@link Kind}).
   *
   * @return the number
   */
  public long b() {
    return b;
  }

  /**
   * The kind's text (see {@link Kind}).
   *
   * @return the text, or null
   */
  public String text() {
    return text;
  }

  /**
   * The event's details by name, as the trace file's {@code "args"} shows them.
   *
   * @return a new map, in a fixed order
   */
  public Map<String, Object> args() {
    Map<String, Object> args = new LinkedHashMap<>();
    switch (kind) {
      case JOB -> {
        args.put("exit code", a);
        putText(args, "outcome");
      }
      case TASK -> {
        args.put("task", a);
        args.put("worker", b);
        putText(args, "outcome");
      }
      case LOCK_WAIT -> {
        if (a != 0) {
          args.put("holder pid", a);
          args.put("holder thread", b);
        }
      }
      case CONDITION_WAIT -> putText(args, "outcome");
      case QUEUE_PUT -> args.put("operation", "put (queue full)");
      case QUEUE_TAKE -> args.put("operation", "take (queue empty)");
      case BARRIER -> {
        args.put("arrival", a);
        args.put("parties", b);
        putText(args, "outcome");
      }
      case COROUTINE -> {
        args.put("loop", a);
        putText(args, "coroutine");
      }
      case SPAN, INSTANT -> putText(args, "note");
    }
    return args;
  }

  private void putText(Map<String, Object> args, String key) {
    if (text != null) {
      args.put(key, text);
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TraceEvent e
        && kind == e.kind
        && name.equals(e.name)
        && pid == e.pid
        && tid == e.tid
        && startNanos == e.startNanos
        && durationNanos == e.durationNanos
        && a == e.a
        && b == e.b
        && Objects.equals(text, e.text);
  }

  @Override
  public int hashCode() {
    return Objects.hash(kind, name, pid, tid, startNanos, durationNanos, a, b, text);
  }

  @Override
  public String toString() {
    return kind
        + " "
        + name
        + " [pid "
        + pid
        + ", tid "
        + tid
        + ", "
        + startNanos
        + " +"
        + durationNanos
        + " ns"
        + (args().isEmpty() ? "" : ", " + args())
        + "]";
  }
}
