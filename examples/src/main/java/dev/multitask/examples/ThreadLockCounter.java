package dev.multitask.examples;

import dev.multitask.Action;
import dev.multitask.Context;
import dev.multitask.Job;
import dev.multitask.Multitask;
import dev.multitask.sync.Hold;
import dev.multitask.sync.Lock;
import java.util.ArrayList;
import java.util.List;

/**
 * Two adder and two subtractor threads, each changing a shared {@code static} counter 30000 times.
 * With a {@link Lock} around each {@code n += 1} and {@code n -= 1} the result is 0. Without it the
 * read, the addition and the write of two threads interleave and updates are lost, so the result is
 * usually not 0 and differs from run to run. 30000 steps take a thread well under a millisecond,
 * often less than starting the next thread, so the unlocked threads take 1000000 steps each to
 * overlap, and run five times, since a single run may by chance come out right.
 */
public final class ThreadLockCounter {
  private static final int TIMES = 30000;
  private static final int UNLOCKED_TIMES = 1_000_000;
  private static final int UNLOCKED_RUNS = 5;

  /**
   * The tutorial's global {@code n}. Volatile so that every {@code n += 1} reads and writes memory,
   * as Python's does; the JIT may keep a plain field in a register for a whole loop, a different
   * bug. Volatile makes each read and each write visible to the other threads, not the two atomic.
   */
  private static volatile long n;

  private ThreadLockCounter() {}

  /**
   * Runs the example.
   *
   * @param args ignored
   * @throws Exception if the waits are interrupted
   */
  public static void main(String[] args) throws Exception {
    try (Context ctx = Multitask.threads()) {
      Lock lock = ctx.lock();
      n = 0;
      run(ctx, () -> add(lock), () -> sub(lock));
      System.out.println("with the lock, " + TIMES + " times each: n = " + n);
      List<Long> unlocked = new ArrayList<>();
      for (int i = 0; i < UNLOCKED_RUNS; i++) {
        n = 0;
        run(ctx, ThreadLockCounter::addUnlocked, ThreadLockCounter::subUnlocked);
        unlocked.add(n);
      }
      System.out.println(
          "without the lock, "
              + UNLOCKED_TIMES
              + " times each, "
              + UNLOCKED_RUNS
              + " runs: n = "
              + unlocked);
      long wrong = unlocked.stream().filter(v -> v != 0).count();
      System.out.println(
          wrong > 0
              ? wrong
                  + " of "
                  + UNLOCKED_RUNS
                  + " unlocked runs lost updates; with the lock n is always 0"
              : "the unlocked runs happened to come out right this time; they may be non-zero, run again");
    }
  }

  /** Starts two adders and two subtractors, as the tutorial's loop, and joins all four. */
  private static void run(Context ctx, Action add, Action sub) throws Exception {
    List<Job<Void>> threads = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      threads.add(ctx.start(add));
      threads.add(ctx.start(sub));
    }
    for (Job<Void> t : threads) {
      t.result();
    }
  }

  private static void add(Lock lock) {
    for (int i = 0; i < TIMES; i++) {
      try (Hold _ = lock.hold()) { // with lock:
        n += 1;
      }
    }
  }

  private static void sub(Lock lock) {
    for (int i = 0; i < TIMES; i++) {
      try (Hold _ = lock.hold()) {
        n -= 1;
      }
    }
  }

  private static void addUnlocked() {
    for (int i = 0; i < UNLOCKED_TIMES; i++) {
      n += 1; // read n, add, write n: another thread may write in between, and its update is lost
    }
  }

  private static void subUnlocked() {
    for (int i = 0; i < UNLOCKED_TIMES; i++) {
      n -= 1;
    }
  }
}
