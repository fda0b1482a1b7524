package dev.multitask.examples;

import dev.multitask.Action;
import dev.multitask.Context;
import dev.multitask.Job;
import dev.multitask.Multitask;
import dev.multitask.shared.SharedLong;
import dev.multitask.sync.Hold;
import dev.multitask.sync.Lock;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@link SharedLong}, Python's {@code multiprocessing.Value('q', 0)}, counted up by four
 * processes 10000 times each. {@code addAndGet(1)} is one atomic step across processes, so the
 * total is exact with no lock at all (Python's {@code counter.value += 1} is not atomic and needs
 * {@code get_lock()}). An update made of several steps, {@code set(get() + 1)}, needs the value's
 * own lock, {@code counter.lock()} (Python's {@code with counter.get_lock():}); with it the total
 * is exact too.
 */
public final class SharedCounter {
  private static final int PROCESSES = 4;
  private static final int TIMES = 10_000;

  private SharedCounter() {}

  /**
   * Runs the example.
   *
   * @param args ignored
   * @throws Exception if a child cannot be started or fails
   */
  public static void main(String[] args) throws Exception {
    try (Context ctx = Multitask.processes()) {
      SharedLong atomic = ctx.sharedLong(0);
      runAll(ctx, () -> addAtomically(atomic));
      System.out.println(
          "addAndGet(1): "
              + PROCESSES
              + " processes x "
              + TIMES
              + " = "
              + atomic.get()
              + " (expected "
              + PROCESSES * TIMES
              + ")");
      SharedLong locked = ctx.sharedLong(0);
      runAll(ctx, () -> addUnderLock(locked));
      System.out.println(
          "set(get() + 1) under counter.lock(): "
              + PROCESSES
              + " processes x "
              + TIMES
              + " = "
              + locked.get()
              + " (expected "
              + PROCESSES * TIMES
              + ")");
    }
  }

  private static void runAll(Context ctx, Action body) throws Exception {
    List<Job<Void>> jobs = new ArrayList<>();
    for (int i = 0; i < PROCESSES; i++) {
      jobs.add(ctx.start(body));
    }
    for (Job<Void> job : jobs) {
      job.result();
    }
  }

  private static void addAtomically(SharedLong counter) {
    for (int i = 0; i < TIMES; i++) {
      counter.addAndGet(1);
    }
  }

  private static void addUnderLock(SharedLong counter) {
    Lock lock = counter.lock(); // Python's counter.get_lock()
    for (int i = 0; i < TIMES; i++) {
      try (Hold _ = lock.hold()) { // with counter.get_lock():
        counter.set(counter.get() + 1); // two steps: another process must not write in between
      }
    }
  }
}
