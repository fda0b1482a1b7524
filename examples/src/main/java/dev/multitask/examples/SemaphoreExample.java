package dev.multitask.examples;

import dev.multitask.Context;
import dev.multitask.Job;
import dev.multitask.Multitask;
import dev.multitask.shared.SharedLong;
import dev.multitask.sync.Hold;
import dev.multitask.sync.Semaphore;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@link Semaphore} of 4 permits shared by ten processes: a lock that lets four holders in at
 * once. Each process takes a permit, stays inside 1 s and gives it back; a shared counter tracks
 * how many are inside, and a second one the most there ever were. The count never passes 4: the
 * fifth process waits in {@code acquire} until one of the four leaves.
 */
public final class SemaphoreExample {
  private static final int PERMITS = 4;
  private static final int PROCESSES = 10;

  private SemaphoreExample() {}

  /**
   * Runs the example.
   *
   * @param args ignored
   * @throws Exception if a child cannot be started or fails
   */
  public static void main(String[] args) throws Exception {
    try (Context ctx = Multitask.processes()) {
      Semaphore sem = ctx.semaphore(PERMITS);
      SharedLong inside = ctx.sharedLong(0);
      SharedLong most = ctx.sharedLong(0);
      List<Job<Void>> jobs = new ArrayList<>();
      for (int i = 1; i <= PROCESSES; i++) {
        int n = i;
        jobs.add(ctx.start(() -> enter(n, sem, inside, most)));
      }
      for (Job<Void> job : jobs) {
        job.result(); // throws if a child failed
      }
      System.out.println(
          "all "
              + PROCESSES
              + " done; at most "
              + most.get()
              + " were inside at once (Semaphore("
              + PERMITS
              + ")); permits free now: "
              + sem.availablePermits());
    }
  }

  private static void enter(int n, Semaphore sem, SharedLong inside, SharedLong most)
      throws InterruptedException {
    try (Hold _ = sem.hold()) { // Python's with sem:
      long now = inside.addAndGet(1);
      raiseTo(most, now);
      System.out.println("process " + n + " enters, inside now: " + now);
      Thread.sleep(1000);
      // counted out before the permit goes back, so the count never runs ahead of the permits
      System.out.println("process " + n + " leaves, inside now: " + inside.addAndGet(-1));
    }
  }

  /** Raises {@code most} to {@code value} if it is lower, atomically across processes. */
  private static void raiseTo(SharedLong most, long value) {
    long seen = most.get();
    while (seen < value && !most.compareAndSet(seen, value)) {
      seen = most.get();
    }
  }
}
