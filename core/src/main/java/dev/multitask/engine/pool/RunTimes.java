package dev.multitask.engine.pool;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The predicted run time of each kind of task (its class: a lambda's call site, a task class),
 * learned from the measured run times of the earlier tasks of that kind by exponential averaging,
 * as the textbooks predict the next CPU burst for shortest-job-first: {@code τ(n+1) = α·t(n) + (1 −
 * α)·τ(n)} with {@code α = 1/2}, where {@code t(n)} is the n-th measured run time and {@code τ(n)}
 * the prediction before it. The first measurement is the first prediction. A kind never measured is
 * predicted to take 0, so it runs early and is measured soon.
 *
 * <p>Thread-safe: slots report measurements while submitters ask for predictions. Remembers the
 * {@value #KINDS} kinds used last, so that code generating classes cannot grow it without bound.
 */
final class RunTimes {
  /** How many kinds are remembered. */
  static final int KINDS = 1024;

  private final Map<String, Long> predicted = new LastUsed();

  /** The predicted run time of a task of {@code kind} in nanoseconds; 0 if none was measured. */
  synchronized long predict(String kind) {
    Long tau = predicted.get(kind);
    return tau == null ? 0 : tau;
  }

  /** A task of {@code kind} ran for {@code nanos}: τ becomes (t + τ) / 2. */
  synchronized void observe(String kind, long nanos) {
    long t = Math.max(0, nanos);
    predicted.merge(kind, t, (tau, now) -> tau / 2 + now / 2 + (tau % 2 + now % 2) / 2);
  }

  /** Predictions by kind, in the order of last use; drops the least recently used beyond KINDS. */
  private static final class LastUsed extends LinkedHashMap<String, Long> {
    private static final long serialVersionUID = 1L;

    LastUsed() {
      super(64, 0.75f, true);
    }

    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
      return size() > KINDS;
    }
  }
}
