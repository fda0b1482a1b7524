package dev.multitask.pool;

import java.util.List;

/**
 * What a pool's tasks ran on and when, for a look at scheduling: one {@link Entry} per finished
 * task, exportable as Chrome trace-event JSON (open it in Perfetto or {@code chrome://tracing}).
 *
 * @param entries the finished tasks, in the order they finished
 */
public record Timeline(List<Entry> entries) {
  /**
   * One finished task.
   *
   * @param task the task's number in the pool (1, 2, ... in submission order)
   * @param label what it was: "submit", or "map[i..j]" for a chunk
   * @param worker the worker slot (0 to workers - 1)
   * @param pid the process it ran in, or 0 if it never reached a worker (quarantined, or its
   *     worker's initializer failed)
   * @param startNanos when it started, in nanoseconds since the pool was made
   * @param endNanos when it ended, in the same clock
   * @param outcome "ok", "failed", "worker died", "timed out", "cancelled" or "quarantined"
   */
  public record Entry(
      long task,
      String label,
      int worker,
      long pid,
      long startNanos,
      long endNanos,
      String outcome) {}

  /** Copies the entries. */
  public Timeline {
    entries = List.copyOf(entries);
  }

  /**
   * The timeline as Chrome trace-event JSON: one complete event ({@code "ph":"X"}) per task, on a
   * row per worker process.
   *
   * @return the JSON text
   */
  public String toChromeTrace() {
    StringBuilder json = new StringBuilder(64 + entries.size() * 160).append("{\"traceEvents\":[");
    for (int i = 0; i < entries.size(); i++) {
      Entry e = entries.get(i);
      if (i > 0) {
        json.append(',');
      }
      json.append("\n{\"name\":\"")
          .append(escape(e.label()))
          .append(" #")
          .append(e.task())
          .append("\",\"ph\":\"X\",\"ts\":")
          .append(e.startNanos() / 1000.0)
          .append(",\"dur\":")
          .append(Math.max(0, e.endNanos() - e.startNanos()) / 1000.0)
          .append(",\"pid\":")
          .append(e.pid())
          .append(",\"tid\":")
          .append(e.worker())
          .append(",\"args\":{\"outcome\":\"")
          .append(escape(e.outcome()))
          .append("\",\"worker\":")
          .append(e.worker())
          .append("}}");
    }
    return json.append("\n],\"displayTimeUnit\":\"ms\"}\n").toString();
  }

  private static String escape(String s) {
    StringBuilder out = new StringBuilder(s.length());
    for (char c : s.toCharArray()) {
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.toString();
  }
}
