package dev.multitask.cpython;

import static dev.multitask.cpython.Waits.LONG;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.multitask.Action;
import dev.multitask.Job;
import dev.multitask.ipc.Pipe;
import dev.multitask.shared.SharedLong;
import dev.multitask.sync.Barrier;
import dev.multitask.sync.Lock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.BrokenBarrierException;
import org.junit.jupiter.api.Test;

/**
 * Port of {@code Lib/test/_test_multiprocessing.py}, class {@code _TestBarrier}: five parties, four
 * of them jobs (child JVMs on the process backend) and the test's thread. Ported: {@code
 * test_barrier_10}, {@code test_abort_and_reset}, {@code test_default_timeout} and {@code
 * test_thousand} (with 200 rounds); the others are {@code lock_tests.py}'s, ported with threads in
 * {@link BarrierTests}, and would cost four JVMs each here. A job's failed assertion is its exit
 * code 1.
 */
abstract class TestMpBarrier extends PortPart {
  static final int N = 5;

  private static void runParties(List<Job<Void>> others, Action f) throws Exception {
    f.run();
    for (Job<Void> job : others) {
      job.result(); // throws if the party's body failed
      assertEquals(OptionalInt.of(0), job.exitCode());
    }
  }

  private List<Job<Void>> startParties(Action f) {
    List<Job<Void>> jobs = new ArrayList<>();
    for (int i = 0; i < N - 1; i++) {
      jobs.add(ctx().start(f));
    }
    return jobs;
  }

  static Action multipass(Barrier barrier, SharedLong results0, SharedLong results1, int n) {
    return () -> {
      for (int i = 0; i < n; i++) {
        results0.addAndGet(1);
        check(results1.get() == (long) i * N, "results1 " + results1.get() + " in pass " + i);
        barrier.await();
        results1.addAndGet(1);
        check(results0.get() == (long) (i + 1) * N, "results0 " + results0.get() + " in pass " + i);
        barrier.await();
      }
      check(!barrier.isBroken(), "broken");
    };
  }

  private static void check(boolean condition, String what) {
    if (!condition) {
      throw new AssertionError(what);
    }
  }

  /** test_barrier_10: four jobs and this thread pass ten rounds in lockstep. */
  @Test
  void await_servesTenRoundsToJobs() throws Exception {
    Barrier barrier = ctx().barrier(N, LONG);
    SharedLong results0 = ctx().sharedLong(0);
    SharedLong results1 = ctx().sharedLong(0);
    Action f = multipass(barrier, results0, results1, 10);
    runParties(startParties(f), f);
    assertEquals(0, barrier.numberWaiting());
    assertFalse(barrier.isBroken());
  }

  static Action abortAndReset(
      Barrier barrier,
      Barrier barrier2,
      SharedLong results1,
      SharedLong results2,
      SharedLong results3) {
    return () -> {
      try {
        int i = barrier.await();
        if (i == N / 2) {
          throw new IllegalStateException("abort");
        }
        barrier.await();
        results1.addAndGet(1);
      } catch (BrokenBarrierException e) {
        results2.addAndGet(1);
      } catch (IllegalStateException e) {
        barrier.abort();
      }
      if (barrier2.await() == N / 2) {
        barrier.reset();
      }
      barrier2.await();
      barrier.await();
      results3.addAndGet(1);
    };
  }

  /** test_abort_and_reset: across jobs. */
  @Test
  void reset_afterAbort_mendsTheBarrierForJobs() throws Exception {
    Barrier barrier = ctx().barrier(N, LONG);
    Barrier barrier2 = ctx().barrier(N, LONG);
    SharedLong results1 = ctx().sharedLong(0);
    SharedLong results2 = ctx().sharedLong(0);
    SharedLong results3 = ctx().sharedLong(0);
    Action f = abortAndReset(barrier, barrier2, results1, results2, results3);
    runParties(startParties(f), f);
    assertEquals(0, results1.get());
    assertEquals(N - 1, results2.get());
    assertEquals(N, results3.get());
  }

  /**
   * test_default_timeout: the barrier's own timeout breaks it for every party of the late round.
   */
  @Test
  void await_withTheDefaultTimeout_breaksForTheJobs() throws Exception {
    Barrier barrier = ctx().barrier(N, Duration.ofMillis(500));
    SharedLong results = ctx().sharedLong(0);
    Action f =
        () -> {
          int i = barrier.await(LONG);
          if (i == N / 2) {
            Thread.sleep(1000); // later than the default timeout
          }
          try {
            barrier.await();
          } catch (BrokenBarrierException e) {
            results.addAndGet(1);
          }
        };
    runParties(startParties(f), f);
    assertEquals(N, results.get());
  }

  /**
   * test_thousand: many rounds, each party sending the round's number through one pipe (200 rounds
   * here, not 1000: most of the time goes to the rounds, not to what they check).
   */
  @Test
  void await_manyRoundsWithAPipe() throws Exception {
    Barrier barrier = ctx().barrier(N, LONG);
    int passes = 200;
    Lock lock = ctx().lock();
    Pipe<Integer> pipe = ctx().pipe(false);
    Action f =
        () -> {
          for (int i = 0; i < passes; i++) {
            barrier.await();
            lock.lock();
            try {
              pipe.right().send(i);
            } finally {
              lock.unlock();
            }
          }
        };
    List<Job<Void>> jobs = new ArrayList<>();
    for (int j = 0; j < N; j++) {
      jobs.add(ctx().start(f));
    }
    for (int i = 0; i < passes; i++) {
      for (int j = 0; j < N; j++) {
        assertEquals(i, pipe.left().recv());
      }
    }
    for (Job<Void> job : jobs) {
      job.result();
    }
  }
}
