package dev.multitask.bench.soak;

import dev.multitask.Action;
import dev.multitask.Job;
import dev.multitask.shared.SharedDouble;
import dev.multitask.shared.SharedLong;
import dev.multitask.shared.SharedLongArray;
import dev.multitask.sync.Lock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Worker processes update shared values, some with atomics ({@code addAndGet} on a long, a double
 * and an array's elements), one under its lock ({@code get} then {@code set}), while they are
 * SIGSTOPped and SIGCONTed at random (not killed: a killed worker's last update may or may not be
 * in, which the lock and queue scenarios count; here every sum must come out exact). Checks: each
 * sum equals workers × iterations; every timed {@code tryLock} returns in time.
 */
final class ValueSoak extends Scenario {
  private static final int WORKERS = 3;
  private static final int STAT_OVERRUN = 0;
  private static final int STAT_TIMEOUTS = 1;

  ValueSoak(Signals signals, Tally tally) {
    super("values", signals, tally);
  }

  @Override
  void round() throws Exception {
    int iterations = between(500, 5000);
    SharedLong atomic = ctx.sharedLong(0);
    SharedLong locked = ctx.sharedLong(0);
    SharedDouble real = ctx.sharedDouble(0);
    SharedLongArray cells = ctx.sharedLongArray(4);
    SharedLongArray stats = ctx.sharedLongArray(2, false);
    List<Job<Void>> workers = new ArrayList<>();
    for (int w = 0; w < WORKERS; w++) {
      workers.add(start("worker", worker(atomic, locked, real, cells, stats, iterations)));
    }
    phase("striking");
    long until = System.nanoTime() + JOIN.toNanos();
    while (workers.stream().anyMatch(Job::isAlive) && System.nanoTime() < until) {
      sleep(between(50, 400));
      Job<Void> victim = pickAlive(workers);
      if (victim != null) {
        stop(victim);
      }
    }
    phase("checking");
    joinAll(workers, "value workers");
    long expected = (long) WORKERS * iterations;
    long cellSum = 0;
    for (long c : cells.toArray()) {
      cellSum += c;
    }
    check("atomic addAndGet", atomic.get(), expected);
    check("get and set under the value's lock", locked.get(), expected);
    check("double addAndGet", (long) real.get(), expected);
    check("array addAndGet", cellSum, expected);
    tally.add("values.ops", 4 * expected);
    tally.add("values.lockTimeouts", stats.get(STAT_TIMEOUTS));
    childOverrun(stats.get(STAT_OVERRUN), "value lock tryLock");
    progressed();
  }

  private void check(String what, long sum, long expected) {
    if (sum != expected) {
      violation(what + ": sum " + sum + ", expected " + expected);
    }
  }

  static Action worker(
      SharedLong atomic,
      SharedLong locked,
      SharedDouble real,
      SharedLongArray cells,
      SharedLongArray stats,
      int iterations) {
    return () -> {
      Lock lock = locked.lock();
      for (int i = 0; i < iterations; i++) {
        atomic.addAndGet(1);
        real.addAndGet(1.0);
        cells.addAndGet(i & 3, 1);
        while (true) {
          long t0 = System.nanoTime();
          if (lock.tryLock(Duration.ofMillis(500))) {
            break;
          }
          ChildStats.timed(stats, STAT_OVERRUN, t0, TimeUnit.MILLISECONDS.toNanos(500));
          stats.addAndGet(STAT_TIMEOUTS, 1);
        }
        try {
          locked.set(locked.get() + 1);
        } finally {
          lock.unlock();
        }
      }
    };
  }
}
