package dev.multitask.bench.soak;

import dev.multitask.Action;
import dev.multitask.Job;
import dev.multitask.shared.SharedLongArray;
import dev.multitask.sync.Barrier;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A barrier of three child parties and the parent, round after round, parties SIGSTOPped at random;
 * in some rounds the parent, before it arrives itself, waits until all three children wait and
 * SIGKILLs one of them. Checks: rounds with stops pass; after the kill the barrier reports itself
 * broken within 30 s (the dead waiting party breaks the round; the others' timeouts are 60 s), the
 * surviving children end with {@link BrokenBarrierException}, and so does the parent's {@code
 * await}.
 */
final class BarrierSoak extends Scenario {
  private static final int CHILDREN = 3;
  private static final Duration WAIT = Duration.ofSeconds(60);

  /** How soon a dead waiting party must break the barrier (well before the others' timeouts). */
  private static final Duration NOTICE = Duration.ofSeconds(30);

  private static final int PASSES = 0;
  private static final int BROKEN = 1;
  private static final int TIMEOUTS = 2;
  private static final int OVERRUN = 3;

  BarrierSoak(Signals signals, Tally tally) {
    super("barrier", signals, tally);
  }

  @Override
  void round() throws Exception {
    Barrier barrier = ctx.barrier(CHILDREN + 1);
    SharedLongArray st = ctx.sharedLongArray(4, false);
    int rounds = between(3, 20);
    int killRound = random().nextInt(3) == 0 ? -1 : random().nextInt(rounds);
    List<Job<Void>> parties = new ArrayList<>();
    for (int i = 0; i < CHILDREN; i++) {
      parties.add(start("party", party(barrier, st, rounds)));
    }
    boolean killed = false;
    phase("rounds");
    for (int r = 0; r < rounds; r++) {
      if (r == killRound) {
        killed = killWaitingParty(barrier, parties);
        break;
      }
      if (random().nextBoolean()) {
        Job<Void> victim = pickAlive(parties);
        if (victim != null) {
          stop(victim.pid(), between(20, 800));
        }
      }
      long t0 = System.nanoTime();
      try {
        barrier.await(WAIT);
        tally.inc("barrier.ops");
      } catch (BrokenBarrierException | TimeoutException e) {
        timed("barrier await", t0, WAIT.toNanos());
        violation("round " + r + " without a kill ended with " + e);
        break;
      }
    }
    phase("joining");
    joinAll(parties, "barrier parties");
    if (killed) {
      long broken = st.get(BROKEN);
      tally.add("barrier.brokenReported", broken);
      if (broken != CHILDREN - 1) {
        violation(
            (CHILDREN - 1)
                + " surviving parties should end with the broken barrier; "
                + broken
                + " did ("
                + st.get(TIMEOUTS)
                + " timed out)");
      }
    }
    childOverrun(st.get(OVERRUN), "barrier await");
    progressed();
  }

  /**
   * Kills a child party while every child waits and the parent has not arrived, so that the round
   * cannot pass: the survivors must see the barrier broken (not time out), within {@link #NOTICE}.
   */
  private boolean killWaitingParty(Barrier barrier, List<Job<Void>> parties)
      throws InterruptedException {
    long until = System.nanoTime() + WAIT.toNanos();
    while (barrier.numberWaiting() < CHILDREN && System.nanoTime() < until) {
      sleep(5);
    }
    Job<Void> victim = pickAlive(parties);
    if (barrier.numberWaiting() < CHILDREN || victim == null || !kill(victim)) {
      violation(
          "the children never all waited at the barrier (" + barrier.numberWaiting() + " did)");
      barrier.abort();
      return false;
    }
    long t0 = System.nanoTime();
    long noticeBy = t0 + NOTICE.toNanos();
    while (!barrier.isBroken() && System.nanoTime() < noticeBy) {
      sleep(5);
    }
    tally.max("barrier.noticeMillis", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
    if (!barrier.isBroken()) {
      violation(
          "party "
              + victim.pid()
              + " was killed while waiting, yet the barrier was not broken"
              + " within "
              + NOTICE.toSeconds()
              + " s");
    }
    try {
      barrier.await(WAIT);
      violation("the round passed although party " + victim.pid() + " was killed while waiting");
    } catch (BrokenBarrierException e) {
      tally.inc("barrier.brokenReported");
    } catch (TimeoutException e) {
      violation("await on a barrier whose party " + victim.pid() + " died waiting timed out");
    }
    return true;
  }

  static Action party(Barrier barrier, SharedLongArray st, int rounds) {
    return () -> {
      for (int r = 0; r < rounds; r++) {
        long t0 = System.nanoTime();
        try {
          barrier.await(WAIT);
          st.addAndGet(PASSES, 1);
        } catch (BrokenBarrierException e) {
          st.addAndGet(BROKEN, 1);
          return;
        } catch (TimeoutException e) {
          ChildStats.timed(st, OVERRUN, t0, WAIT.toNanos());
          st.addAndGet(TIMEOUTS, 1);
          return;
        }
      }
    };
  }
}
