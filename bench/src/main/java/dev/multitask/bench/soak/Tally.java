package dev.multitask.bench.soak;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The soak's counters (operations, kills, stops, losses and their allowances), maxima (timed calls'
 * overruns) and violations (checks that failed). Thread-safe; a violation is printed when found.
 */
final class Tally {
  /** How many violations are kept in full; the rest are only counted. */
  private static final int KEPT = 200;

  private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();
  private final Map<String, AtomicLong> maxima = new ConcurrentHashMap<>();
  private final List<String> violations = new ArrayList<>();
  private final LongAdder violationCount = new LongAdder();
  private final PrintStream out;
  private final long start = System.nanoTime();

  Tally(PrintStream out) {
    this.out = out;
  }

  void add(String key, long n) {
    counts.computeIfAbsent(key, k -> new LongAdder()).add(n);
  }

  void inc(String key) {
    add(key, 1);
  }

  long get(String key) {
    LongAdder a = counts.get(key);
    return a == null ? 0 : a.sum();
  }

  void max(String key, long value) {
    maxima
        .computeIfAbsent(key, k -> new AtomicLong(Long.MIN_VALUE))
        .accumulateAndGet(value, Math::max);
  }

  long maxOf(String key) {
    AtomicLong a = maxima.get(key);
    return a == null ? 0 : a.get();
  }

  /** Records a failed check of {@code scenario}, and prints it. */
  void violation(String scenario, String what) {
    violationCount.increment();
    String line = String.format("[%5ds] VIOLATION %s: %s", elapsedSeconds(), scenario, what);
    synchronized (violations) {
      if (violations.size() < KEPT) {
        violations.add(line);
      }
    }
    out.println(line);
    out.flush();
  }

  long violations() {
    return violationCount.sum();
  }

  List<String> violationLines() {
    synchronized (violations) {
      return List.copyOf(violations);
    }
  }

  long elapsedSeconds() {
    return (System.nanoTime() - start) / 1_000_000_000L;
  }

  /** The sum of the counters whose key ends with {@code suffix}. */
  long sumOf(String suffix) {
    long sum = 0;
    for (var e : counts.entrySet()) {
      if (e.getKey().endsWith(suffix)) {
        sum += e.getValue().sum();
      }
    }
    return sum;
  }

  Map<String, Long> countsSnapshot() {
    Map<String, Long> m = new TreeMap<>();
    counts.forEach((k, v) -> m.put(k, v.sum()));
    return m;
  }

  Map<String, Long> maximaSnapshot() {
    Map<String, Long> m = new TreeMap<>();
    maxima.forEach((k, v) -> m.put(k, v.get()));
    return m;
  }
}
