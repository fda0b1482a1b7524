package dev.multitask.cli;

import dev.multitask.Context;
import dev.multitask.Job;
import dev.multitask.Multitask;
import dev.multitask.ProcessOptions;
import dev.multitask.shared.Manager;
import dev.multitask.shared.SharedList;
import dev.multitask.shared.SharedMap;
import dev.multitask.sync.Barrier;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Chapter 5: managers. Python's {@code Manager().dict()} is a server process and every call a round
 * trip to it; here the dict lives in shared memory. The chapter shows Python's nested-mutation trap
 * (cpython gh-91192) and how it goes here, then four processes counting in one dict with {@code
 * merge}, exactly and without a lock of theirs.
 */
final class ManagersChapter implements Chapter {
  private static final int COUNTERS = 4;
  private static final int TIMES = 10_000;

  @Override
  public String name() {
    return "managers";
  }

  @Override
  public String title() {
    return "managers: a dict and a list shared by processes";
  }

  @Override
  public void run(PrintWriter out) throws Exception {
    out.println(
        "Python's Manager() starts a server process; a dict it makes is a proxy, and every");
    out.println(
        "d[k] or d[k] = v is a round trip to that process. A dict made by ctx.manager() lives in");
    out.println(
        "shared memory instead: a child that captures it reads and writes the same memory.");
    out.println();
    out.flush();
    try (Context processes = Multitask.processes(ProcessOptions.defaults().standby(2));
        Manager manager = processes.manager()) {
      trap(out, processes, manager);
      counting(out, processes, manager);
    }
  }

  private static void trap(PrintWriter out, Context processes, Manager manager) throws Exception {
    out.println("The trap (cpython gh-91192, closed as \"not a bug\"): in Python");
    out.println("  d['plain'] = []; d['plain'].append('x')   leaves d['plain'] == []");
    out.println(
        "because the list read out of the proxy is a copy. Here, a child does three things:");
    out.flush();
    SharedMap<String, Object> d = manager.dict();
    d.put("plain", new ArrayList<String>());
    d.put("shared", manager.list());
    Table table = new Table("in a child", "then, in this JVM", "why");
    ChildJobs.resultOf(processes.start(() -> plain(d).add("x")));
    table.row(
        "d.get(\"plain\").add(\"x\")",
        "d.get(\"plain\") = " + d.get("plain"),
        "a plain value read out is a copy, as in Python");
    ChildJobs.resultOf(processes.start(() -> shared(d).add("x")));
    table.row(
        "d.get(\"shared\").add(\"x\")",
        "d.get(\"shared\") = " + d.get("shared"),
        "a list made by the manager stays shared");
    ChildJobs.resultOf(
        processes.start(
            () ->
                d.compute(
                    "plain",
                    (k, v) -> {
                      plainOf(v).add("y");
                      return v;
                    })));
    table.row(
        "d.compute(\"plain\", (k, v) -> add \"y\")",
        "d.get(\"plain\") = " + d.get("plain"),
        "compute changes it where it lives");
    table.print(out);
    out.println(
        "So a list inside a dict is the same list for every process, and a plain value is changed");
    out.println("in place with compute or merge, under the dict's own lock.");
    out.println();
  }

  @SuppressWarnings("unchecked")
  private static List<String> plain(SharedMap<String, Object> d) {
    return (List<String>) d.get("plain");
  }

  @SuppressWarnings("unchecked")
  private static SharedList<String> shared(SharedMap<String, Object> d) {
    return (SharedList<String>) d.get("shared");
  }

  @SuppressWarnings("unchecked")
  private static List<String> plainOf(Object value) {
    return (List<String>) value;
  }

  private static void counting(PrintWriter out, Context processes, Manager manager)
      throws Exception {
    out.println(
        "Counting: "
            + COUNTERS
            + " processes each call d.merge(\"hits\", 1L, Long::sum) "
            + TIMES
            + " times, at once");
    out.flush();
    SharedMap<String, Long> d = manager.dict();
    Barrier start = processes.barrier(COUNTERS);
    List<Job<Long>> counters = new ArrayList<>();
    for (int i = 0; i < COUNTERS; i++) {
      counters.add(processes.start(() -> count(d, start)));
    }
    long nanos = 0;
    for (Job<Long> c : counters) {
      nanos += ChildJobs.resultOf(c);
    }
    long expected = (long) COUNTERS * TIMES;
    out.println(
        "  hits = "
            + d.get("hits")
            + " (expected "
            + expected
            + "), with no lock of the children's: merge");
    out.println("  runs under the dict's own lock, in the calling process");
    out.println(
        String.format(
            Locale.ROOT,
            "  one merge took %.2f µs on average in each child (%d children, one dict, %d cores)",
            nanos / 1e3 / expected,
            COUNTERS,
            Runtime.getRuntime().availableProcessors()));
  }

  /** Counts {@link #TIMES} times once every counter is ready; returns the nanoseconds it took. */
  private static long count(SharedMap<String, Long> d, Barrier start) throws Exception {
    start.await(ChildJobs.LIMIT);
    long t0 = System.nanoTime();
    for (int i = 0; i < TIMES; i++) {
      d.merge("hits", 1L, Long::sum);
    }
    return System.nanoTime() - t0;
  }
}
