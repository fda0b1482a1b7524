package dev.multitask.bench.soak;

import dev.multitask.Action;
import dev.multitask.Job;
import dev.multitask.shared.SharedLongArray;
import dev.multitask.sync.Condition;
import dev.multitask.sync.Lock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Waiter processes consume tokens that the parent hands out under a condition's lock, each with
 * {@code signal()}, {@code signal(2)} or {@code signalAll()}; waiters wait with timed {@code
 * await}s (mostly short, now and then 5 s) and are SIGKILLed and SIGSTOPped at random, also while
 * they hold the lock. Checks: every token is consumed within 60 s of the last one (a signal lost to
 * a dead waiter would show as a waiter sleeping its whole 5 s, a hung wait as far more); produced =
 * consumed + left, give or take one per kill; every timed wait and lock returns in time (the
 * largest overrun is reported: a 30 s hang was once seen here).
 */
final class ConditionSoak extends Scenario {
  static final int TOKENS = 0;
  static final int CONSUMED = 1;
  static final int STOP = 2;
  static final int OVERRUN = 3;
  static final int WAITS = 4;
  private static final int WAITERS = 3;
  private static final int MAX_KILLS = 3;

  ConditionSoak(Signals signals, Tally tally) {
    super("condition", signals, tally);
  }

  @Override
  void round() throws Exception {
    Condition cond = ctx.condition();
    Lock lock = cond.lock();
    SharedLongArray st = ctx.sharedLongArray(5, false);
    List<Job<Void>> waiters = new ArrayList<>();
    for (int w = 0; w < WAITERS; w++) {
      waiters.add(start("waiter", waiter(cond, st)));
    }
    int tokens = between(20, 150);
    int kills = 0;
    long produced = 0;
    long strikeAt = System.nanoTime();
    phase("producing");
    while (produced < tokens) {
      sleep(between(0, 40));
      if (System.nanoTime() >= strikeAt) {
        Job<Void> victim = pickAlive(waiters);
        if (victim != null && kills < MAX_KILLS && random().nextInt(100) < 30) {
          if (kill(victim)) {
            kills++;
            waiters.add(start("waiter", waiter(cond, st)));
          }
        } else if (victim != null) {
          stop(victim);
        }
        strikeAt = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(between(100, 600));
      }
      long t0 = System.nanoTime();
      if (!lock.tryLock(Duration.ofSeconds(5))) {
        timed("condition lock tryLock(5 s)", t0, TimeUnit.SECONDS.toNanos(5));
        tally.inc("condition.lockTimeouts");
        continue;
      }
      try {
        if (lock.ownerDied()) {
          tally.inc("condition.takeovers");
        }
        st.addAndGet(TOKENS, 1);
        produced++;
        switch (random().nextInt(3)) {
          case 0 -> cond.signal();
          case 1 -> cond.signal(2);
          default -> cond.signalAll();
        }
      } finally {
        lock.unlock();
      }
    }
    phase("draining");
    long until = System.nanoTime() + JOIN.toNanos();
    while (st.get(TOKENS) > 0 && System.nanoTime() < until) {
      sleep(5);
    }
    long left = st.get(TOKENS);
    if (left > 0) {
      violation(
          left
              + " of "
              + produced
              + " tokens not consumed within "
              + JOIN.toSeconds()
              + " s by "
              + waiters.stream().filter(Job::isAlive).count()
              + " live waiters");
    }
    st.set(STOP, 1);
    if (lock.tryLock(Duration.ofSeconds(30))) {
      try {
        cond.signalAll();
      } finally {
        lock.unlock();
      }
    }
    joinAll(waiters, "condition waiters");
    long consumed = st.get(CONSUMED);
    left = st.get(TOKENS);
    if (Math.abs(produced - consumed - left) > kills) {
      violation(
          "produced "
              + produced
              + ", consumed "
              + consumed
              + ", left "
              + left
              + ": more than "
              + kills
              + " kills explain");
    }
    tally.add("condition.ops", consumed);
    tally.add("condition.waits", st.get(WAITS));
    childOverrun(st.get(OVERRUN), "condition await or lock");
    progressed();
  }

  static Action waiter(Condition cond, SharedLongArray st) {
    return () -> {
      java.util.concurrent.ThreadLocalRandom r = java.util.concurrent.ThreadLocalRandom.current();
      Lock lock = cond.lock();
      while (st.get(STOP) == 0) {
        long t0 = System.nanoTime();
        if (!lock.tryLock(Duration.ofSeconds(5))) {
          ChildStats.timed(st, OVERRUN, t0, TimeUnit.SECONDS.toNanos(5));
          continue;
        }
        try {
          while (st.get(TOKENS) == 0 && st.get(STOP) == 0) {
            long millis = r.nextInt(10) == 0 ? 5000 : r.nextLong(20, 300);
            long w0 = System.nanoTime();
            boolean signalled = cond.await(Duration.ofMillis(millis));
            if (!signalled) {
              ChildStats.timed(st, OVERRUN, w0, TimeUnit.MILLISECONDS.toNanos(millis));
            }
            st.addAndGet(WAITS, 1);
          }
          if (st.get(TOKENS) > 0) {
            st.addAndGet(CONSUMED, 1);
            st.addAndGet(TOKENS, -1);
          }
        } finally {
          lock.unlock();
        }
      }
    };
  }
}
