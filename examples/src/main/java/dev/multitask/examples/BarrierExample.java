package dev.multitask.examples;

import dev.multitask.Context;
import dev.multitask.Job;
import dev.multitask.Multitask;
import dev.multitask.shared.SharedLong;
import dev.multitask.sync.Barrier;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BrokenBarrierException;

/**
 * A {@link Barrier} of 5 parties with an action, and ten processes started one after another (0.2 s
 * apart; the tutorial waits 1 s). The first four wait at the barrier; the fifth opens it: the
 * action prints "barrier opened" once, in that fifth process, and the five run on together.
 * Processes six to ten do the same: the barrier opens a second time, again for five. A shared
 * counter, raised by the action, tells each process in which opening it was let through.
 */
public final class BarrierExample {
  private static final int PARTIES = 5;
  private static final int PROCESSES = 10;
  private static final long GAP_MILLIS = 200;

  private BarrierExample() {}

  /**
   * Runs the example.
   *
   * @param args ignored
   * @throws Exception if a child cannot be started or fails
   */
  public static void main(String[] args) throws Exception {
    try (Context ctx = Multitask.processes()) {
      SharedLong openings = ctx.sharedLong(0);
      // the action travels to the children: it runs in whichever process arrives fifth
      Barrier barrier = ctx.barrier(PARTIES, () -> openFun(openings));
      List<Job<Void>> jobs = new ArrayList<>();
      for (int i = 0; i < PROCESSES; i++) {
        int name = i;
        jobs.add(ctx.start(() -> waitBarrier(name, barrier, openings)));
        Thread.sleep(GAP_MILLIS);
      }
      for (Job<Void> job : jobs) {
        job.result();
      }
      System.out.println(
          "main: the barrier opened " + openings.get() + " times for " + PROCESSES + " processes");
    }
  }

  private static void openFun(SharedLong openings) {
    System.out.println(
        "barrier opened (opening "
            + openings.addAndGet(1)
            + ", in pid "
            + Multitask.currentProcess().pid()
            + ")");
  }

  private static void waitBarrier(int name, Barrier barrier, SharedLong openings)
      throws InterruptedException {
    System.out.println(name + " waiting for open");
    try {
      barrier.await();
      // the action has run and the next one cannot before five more arrive: this is our opening
      System.out.println(name + " running (opening " + openings.get() + ")");
      Thread.sleep(1000); // the tutorial's 2 s, halved
    } catch (BrokenBarrierException e) {
      System.out.println(name + " exception: " + e);
    }
    System.out.println(name + " finished");
  }
}
