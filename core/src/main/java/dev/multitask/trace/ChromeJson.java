package dev.multitask.trace;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Writes a {@link Recording} in the Chrome trace-event format (the "JSON Object Format" of the
 * Trace Event Format document): {@code {"traceEvents":[...], "displayTimeUnit":"ms",
 * "otherData":{...}}}. Metadata events come first; then the events in time order, as complete
 * events ({@code X}: ts and dur) or instants ({@code i}, thread scope). Times are microseconds with
 * three decimals, exact to the nanosecond. Every {@code <} in a string is written as {@code
 * \u003c}, so the text may be put in an HTML {@code <script>} element as it is.
 */
final class ChromeJson {
  private ChromeJson() {}

  static String write(Recording r) {
    StringBuilder json = new StringBuilder(256 + r.events().size() * 200);
    json.append("{\"traceEvents\":[");
    boolean[] first = {true};
    long self = Recorder.pid();
    Map<Long, Set<Long>> lanes = new LinkedHashMap<>();
    for (TraceEvent e : r.events()) {
      lanes.computeIfAbsent(e.pid(), p -> new TreeSet<>()).add(e.tid());
    }
    for (var lane : lanes.entrySet()) {
      long pid = lane.getKey();
      String process = r.processName(pid) + " (pid " + pid + ")";
      meta(json, first, "process_name", pid, 0, "name", quote(process));
      // this process first, then its children in pid order
      meta(json, first, "process_sort_index", pid, 0, "sort_index", pid == self ? "0" : "1");
      for (long tid : lane.getValue()) {
        meta(json, first, "thread_name", pid, tid, "name", quote(r.threadName(pid, tid)));
        meta(
            json,
            first,
            "thread_sort_index",
            pid,
            tid,
            "sort_index",
            Long.toString(tid >= Recorder.LOOP_LANE_BASE ? 1_000_000 : tid));
      }
    }
    long origin = r.originNanos();
    for (TraceEvent e : r.events()) {
      separate(json, first);
      json.append("{\"name\":").append(quote(e.name()));
      json.append(",\"cat\":").append(quote(e.kind().category()));
      if (e.kind() == TraceEvent.Kind.INSTANT) {
        json.append(",\"ph\":\"i\",\"s\":\"t\",\"ts\":").append(micros(e.startNanos() - origin));
      } else {
        json.append(",\"ph\":\"X\",\"ts\":").append(micros(e.startNanos() - origin));
        json.append(",\"dur\":").append(micros(e.durationNanos()));
      }
      json.append(",\"pid\":").append(e.pid()).append(",\"tid\":").append(e.tid());
      json.append(",\"args\":{");
      boolean firstArg = true;
      Map<String, Object> args = e.args();
      if (e.kind() == TraceEvent.Kind.LOCK_WAIT && e.a() != 0) {
        args.put("holder", holder(r, e.a(), e.b()));
      }
      args.put("kind", e.kind().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' '));
      for (var arg : args.entrySet()) {
        if (!firstArg) {
          json.append(',');
        }
        firstArg = false;
        json.append(quote(arg.getKey())).append(':');
        Object value = arg.getValue();
        json.append(value instanceof Number n ? n.toString() : quote(String.valueOf(value)));
      }
      json.append("}}");
    }
    json.append("\n],\"displayTimeUnit\":\"ms\",\"otherData\":{\"recorder\":\"multitask\"");
    json.append(",\"droppedEvents\":").append(r.dropped());
    json.append(",\"originNanos\":").append(origin);
    json.append("}}\n");
    return json.toString();
  }

  private static String holder(Recording r, long pid, long tid) {
    return "thread '" + r.threadName(pid, tid) + "' (" + tid + ") of pid " + pid;
  }

  private static void meta(
      StringBuilder json,
      boolean[] first,
      String name,
      long pid,
      long tid,
      String argName,
      String argJson) {
    separate(json, first);
    json.append("{\"name\":\"")
        .append(name)
        .append("\",\"ph\":\"M\",\"pid\":")
        .append(pid)
        .append(",\"tid\":")
        .append(tid)
        .append(",\"args\":{\"")
        .append(argName)
        .append("\":")
        .append(argJson)
        .append("}}");
  }

  private static void separate(StringBuilder json, boolean[] first) {
    if (!first[0]) {
      json.append(',');
    }
    first[0] = false;
    json.append('\n');
  }

  /** Nanoseconds as microseconds with three decimals, exactly. */
  static String micros(long nanos) {
    long abs = Math.abs(nanos);
    String fraction = Long.toString(1000 + abs % 1000).substring(1);
    return (nanos < 0 ? "-" : "") + abs / 1000 + "." + fraction;
  }

  static String quote(String s) {
    StringBuilder out = new StringBuilder(s.length() + 2).append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        case '<' -> out.append("\\u003c");
        default -> {
          if (c < 0x20 || c == '\u2028' || c == '\u2029') {
            out.append("\\u").append(String.format("%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.append('"').toString();
  }
}
