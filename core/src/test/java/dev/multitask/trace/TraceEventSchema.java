package dev.multitask.trace;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A schema check of the Chrome trace-event format (the JSON Object Format of Google's "Trace Event
 * Format" document), for the phases multitask writes and its viewer draws: the required fields per
 * phase and their types, and the order: metadata ({@code M}) first, then the other events by
 * non-decreasing {@code ts}, with every {@code E} closing a {@code B} of its own thread.
 */
final class TraceEventSchema {
  private static final Set<String> PHASES = Set.of("X", "B", "E", "i", "I", "M");
  private static final Set<String> METADATA =
      Set.of(
          "process_name",
          "process_labels",
          "process_sort_index",
          "thread_name",
          "thread_sort_index");

  private TraceEventSchema() {}

  /** Parses {@code json} and returns what breaks the schema; empty when nothing does. */
  static List<String> problems(String json) {
    Object root;
    try {
      root = Json.parse(json);
    } catch (IllegalArgumentException e) {
      return List.of("not JSON: " + e.getMessage());
    }
    return problems(root);
  }

  static List<String> problems(Object root) {
    List<String> problems = new ArrayList<>();
    if (!(root instanceof Map<?, ?> top)) {
      problems.add("the top level is not an object with traceEvents");
      return problems;
    }
    if (!(top.get("traceEvents") instanceof List<?> events)) {
      problems.add("traceEvents is missing or not an array");
      return problems;
    }
    Object unit = top.get("displayTimeUnit");
    if (unit != null && !"ms".equals(unit) && !"ns".equals(unit)) {
      problems.add("displayTimeUnit is " + unit + ", not ms or ns");
    }
    if (top.containsKey("otherData") && !(top.get("otherData") instanceof Map)) {
      problems.add("otherData is not an object");
    }
    boolean pastMetadata = false;
    double lastTs = Double.NEGATIVE_INFINITY;
    Map<String, Deque<Map<?, ?>>> open = new HashMap<>();
    for (int i = 0; i < events.size(); i++) {
      String at = "event " + i;
      if (!(events.get(i) instanceof Map<?, ?> e)) {
        problems.add(at + " is not an object");
        continue;
      }
      if (!(e.get("ph") instanceof String ph) || !PHASES.contains(ph)) {
        problems.add(at + " has no phase of " + PHASES + ": ph=" + e.get("ph"));
        continue;
      }
      at += " (" + ph + " " + e.get("name") + ")";
      integer(e, "pid", at, problems);
      integer(e, "tid", at, problems);
      if (!ph.equals("E")) {
        string(e, "name", at, problems);
      } else if (e.containsKey("name") && !(e.get("name") instanceof String)) {
        problems.add(at + ": name is not a string");
      }
      if (e.containsKey("cat") && !(e.get("cat") instanceof String)) {
        problems.add(at + ": cat is not a string");
      }
      if (e.containsKey("args") && !(e.get("args") instanceof Map)) {
        problems.add(at + ": args is not an object");
      }
      if (ph.equals("M")) {
        if (pastMetadata) {
          problems.add(at + ": metadata after other events");
        }
        metadata(e, at, problems);
        continue;
      }
      pastMetadata = true;
      Double ts = number(e, "ts", at, problems);
      if (ts == null) {
        continue;
      }
      if (ts < 0) {
        problems.add(at + ": ts < 0");
      }
      if (ts < lastTs) {
        problems.add(at + ": ts " + ts + " before the previous event's " + lastTs);
      }
      lastTs = ts;
      String lane = e.get("pid") + ":" + e.get("tid");
      switch (ph) {
        case "X" -> {
          Double dur = number(e, "dur", at, problems);
          if (dur != null && dur < 0) {
            problems.add(at + ": dur < 0");
          }
        }
        case "B" -> open.computeIfAbsent(lane, k -> new ArrayDeque<>()).push(e);
        case "E" -> {
          Deque<Map<?, ?>> stack = open.get(lane);
          if (stack == null || stack.isEmpty()) {
            problems.add(at + ": E with no open B on lane " + lane);
          } else {
            stack.pop();
          }
        }
        default -> { // i, I
          Object scope = e.get("s");
          if (scope != null && !Set.of("g", "p", "t").contains(scope)) {
            problems.add(at + ": scope s=" + scope + " is not g, p or t");
          }
        }
      }
    }
    open.forEach(
        (lane, stack) -> {
          if (!stack.isEmpty()) {
            problems.add(stack.size() + " B events never closed on lane " + lane);
          }
        });
    return problems;
  }

  private static void metadata(Map<?, ?> e, String at, List<String> problems) {
    Object name = e.get("name");
    if (!METADATA.contains(name)) {
      problems.add(at + ": metadata name " + name + " is not one of " + METADATA);
      return;
    }
    if (!(e.get("args") instanceof Map<?, ?> args)) {
      problems.add(at + ": metadata without args");
      return;
    }
    if (name.equals("process_name") || name.equals("thread_name")) {
      if (!(args.get("name") instanceof String)) {
        problems.add(at + ": args.name is not a string");
      }
    } else if (((String) name).endsWith("sort_index")
        && !(args.get("sort_index") instanceof Long)) {
      problems.add(at + ": args.sort_index is not an integer");
    }
  }

  private static void integer(Map<?, ?> e, String key, String at, List<String> problems) {
    if (!(e.get(key) instanceof Long)) {
      problems.add(at + ": " + key + " is missing or not an integer: " + e.get(key));
    }
  }

  private static void string(Map<?, ?> e, String key, String at, List<String> problems) {
    if (!(e.get(key) instanceof String)) {
      problems.add(at + ": " + key + " is missing or not a string");
    }
  }

  private static Double number(Map<?, ?> e, String key, String at, List<String> problems) {
    if (e.get(key) instanceof Number n) {
      return n.doubleValue();
    }
    problems.add(at + ": " + key + " is missing or not a number");
    return null;
  }
}
