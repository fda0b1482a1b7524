package dev.multitask.bench.soak;

import dev.multitask.Action;
import dev.multitask.Job;
import dev.multitask.Multitask;
import dev.multitask.shared.SharedLongArray;
import dev.multitask.sync.Lock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Worker processes take one lock in turn with timed {@code tryLock}s and, holding it, step two
 * shared counters apart and together again and record themselves as holder; they are SIGKILLed and
 * SIGSTOPped at random, the current holder included. Checks:
 *
 * <ul>
 *   <li>mutual exclusion: a locker that is not told {@code ownerDied()} finds the counters equal
 *       and no holder recorded;
 *   <li>every takeover ({@code ownerDied()}) is of a process that was killed, never of a live one;
 *       at most one per kill;
 *   <li>a holder stopped while holding keeps its lock: a {@code tryLock(200 ms)} in the parent
 *       returns {@code false} near its timeout;
 *   <li>a holder killed while holding is taken over: the parent (or a worker) gets the lock within
 *       30 s, with {@code ownerDied()} true for whoever took it.
 * </ul>
 */
final class LockSoak extends Scenario {
  static final int A = 0;
  static final int B = 1;
  static final int HOLDER = 2;
  static final int BROKEN = 3;
  static final int BROKEN_WHAT = 4;
  static final int STOP = 5;
  static final int OPS = 6;
  static final int LOG_N = 7;
  static final int OVERRUN = 8;
  static final int TIMEOUTS = 9;
  static final int SLOTS = 10;
  private static final int WORKERS = 3;
  private static final int MAX_KILLS = 4;

  LockSoak(Signals signals, Tally tally) {
    super("lock", signals, tally);
  }

  @Override
  void round() throws Exception {
    Lock lock = ctx.lock();
    SharedLongArray st = ctx.sharedLongArray(SLOTS, false);
    SharedLongArray log = ctx.sharedLongArray(64, false);
    List<Job<Void>> workers = new ArrayList<>();
    Set<Long> killed = new HashSet<>();
    for (int w = 0; w < WORKERS; w++) {
      workers.add(start("worker", worker(lock, st, log)));
    }
    int kills = 0;
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(between(4, 10));
    phase("striking");
    while (System.nanoTime() < end) {
      sleep(between(100, 500));
      int dice = random().nextInt(100);
      long holder = st.get(HOLDER);
      Job<Void> victim = dice < 45 ? byPid(workers, holder) : pickAlive(workers);
      if (victim == null) {
        continue;
      }
      if (dice < 20 && kills < MAX_KILLS || dice >= 80 && kills < MAX_KILLS) {
        if (kill(victim)) {
          kills++;
          killed.add(victim.pid());
          workers.add(start("worker", worker(lock, st, log)));
        }
      } else if (dice < 45) {
        stoppedHolderProbe(lock, st, log, victim.pid());
      } else {
        stop(victim);
      }
    }
    phase("dead holder probe");
    deadHolderProbe(lock, st, log, killed);
    phase("stopping");
    st.set(STOP, 1);
    joinAll(workers, "lock workers");
    check(st, log, killed);
    progressed();
  }

  private static Job<Void> byPid(List<Job<Void>> jobs, long pid) {
    for (Job<Void> j : jobs) {
      if (j.pid() == pid && j.isAlive()) {
        return j;
      }
    }
    return null;
  }

  /** Stops a holder while it holds, and checks that a timed tryLock then fails, in time. */
  private void stoppedHolderProbe(Lock lock, SharedLongArray st, SharedLongArray log, long pid)
      throws InterruptedException {
    if (!stop(pid, 2000)) {
      return;
    }
    try {
      if (!Signals.awaitStopped(pid, 1000) || st.get(HOLDER) != pid || !lock.isLocked()) {
        return; // it let go before it stopped
      }
      tally.inc("lock.stoppedHolderProbes");
      long t0 = System.nanoTime();
      boolean took = lock.tryLock(Duration.ofMillis(200));
      timed("tryLock(200 ms) on a stopped holder's lock", t0, TimeUnit.MILLISECONDS.toNanos(200));
      char state = Signals.state(pid);
      if (took && (state == 'T' || state == 't')) {
        boolean died = lock.ownerDied();
        violation(
            "tryLock took the lock held by stopped, live process "
                + pid
                + " (ownerDied="
                + died
                + ")");
      }
      if (took) {
        try {
          enter(lock, st, log, Multitask.currentProcess().pid());
          leave(st);
        } finally {
          lock.unlock();
        }
      }
    } finally {
      signals.resume(pid);
    }
  }

  /** Kills a process that holds the lock and checks that the lock is taken over within 30 s. */
  private void deadHolderProbe(Lock lock, SharedLongArray st, SharedLongArray log, Set<Long> killed)
      throws InterruptedException {
    Job<Void> holder = start("holder", holder(lock, st, log));
    long until = System.nanoTime() + JOIN.toNanos();
    while (st.get(HOLDER) != holder.pid() && holder.isAlive() && System.nanoTime() < until) {
      sleep(5);
    }
    if (st.get(HOLDER) != holder.pid()) {
      violation("the holder probe never held the lock (alive=" + holder.isAlive() + ")");
      holder.kill();
      holder.join(JOIN);
      return;
    }
    if (kill(holder)) {
      killed.add(holder.pid());
    }
    if (!holder.join(JOIN)) {
      violation("killed holder " + holder.pid() + " never ended");
    }
    long t0 = System.nanoTime();
    if (!lock.tryLock(Duration.ofSeconds(30))) {
      timed("tryLock(30 s) after the holder was killed", t0, TimeUnit.SECONDS.toNanos(30));
      violation("the lock of killed holder " + holder.pid() + " was not taken over within 30 s");
      return;
    }
    try {
      tally.inc("lock.deadHolderProbes");
      enter(lock, st, log, Multitask.currentProcess().pid());
      leave(st);
    } finally {
      lock.unlock();
    }
  }

  private void check(SharedLongArray st, SharedLongArray log, Set<Long> killed) {
    if (st.get(BROKEN) != 0) {
      violation(
          st.get(BROKEN)
              + " lockers without ownerDied() found the protected state half"
              + " updated (holder recorded: "
              + st.get(BROKEN_WHAT)
              + "): mutual exclusion broken");
    }
    long n = Math.min(st.get(LOG_N), log.length());
    long unattributed = 0;
    for (int i = 0; i < n; i++) {
      long prev = log.get(i);
      if (prev == 0) {
        unattributed++;
      } else if (!killed.contains(prev)) {
        violation(
            "ownerDied() after process "
                + prev
                + ", which was not killed (killed: "
                + killed
                + ")");
      }
    }
    if (st.get(LOG_N) > killed.size()) {
      violation(st.get(LOG_N) + " takeovers for " + killed.size() + " kills");
    }
    tally.add("lock.ops", st.get(OPS));
    tally.add("lock.takeovers", st.get(LOG_N));
    tally.add("lock.takeoversUnattributed", unattributed);
    tally.add("lock.timeouts", st.get(TIMEOUTS));
    childOverrun(st.get(OVERRUN), "lock tryLock");
  }

  /** The locker's first steps: repair after a takeover, or check that nobody else is inside. */
  static void enter(Lock lock, SharedLongArray st, SharedLongArray log, long pid) {
    if (lock.ownerDied()) {
      long i = st.addAndGet(LOG_N, 1) - 1;
      if (i < log.length()) {
        log.set((int) i, st.get(HOLDER));
      }
      st.set(B, st.get(A));
    } else if (st.get(A) != st.get(B) || st.get(HOLDER) != 0) {
      st.addAndGet(BROKEN, 1);
      st.set(BROKEN_WHAT, st.get(HOLDER));
    }
    st.set(HOLDER, pid);
    st.set(A, st.get(A) + 1);
  }

  static void leave(SharedLongArray st) {
    st.set(B, st.get(B) + 1);
    st.set(HOLDER, 0);
    st.addAndGet(OPS, 1);
  }

  static Action worker(Lock lock, SharedLongArray st, SharedLongArray log) {
    return () -> {
      long pid = Multitask.currentProcess().pid();
      java.util.concurrent.ThreadLocalRandom r = java.util.concurrent.ThreadLocalRandom.current();
      while (st.get(STOP) == 0) {
        long millis = r.nextLong(20, 400);
        long t0 = System.nanoTime();
        if (!lock.tryLock(Duration.ofMillis(millis))) {
          ChildStats.timed(st, OVERRUN, t0, TimeUnit.MILLISECONDS.toNanos(millis));
          st.addAndGet(TIMEOUTS, 1);
          continue;
        }
        try {
          enter(lock, st, log, pid);
          long spinUntil = System.nanoTime() + r.nextLong(300_000);
          while (System.nanoTime() < spinUntil) {
            Thread.onSpinWait();
          }
          leave(st);
        } finally {
          lock.unlock();
        }
        if (r.nextInt(4) == 0) {
          Thread.sleep(r.nextInt(3));
        }
      }
    };
  }

  static Action holder(Lock lock, SharedLongArray st, SharedLongArray log) {
    return () -> {
      if (!lock.tryLock(Duration.ofSeconds(60))) {
        return;
      }
      enter(lock, st, log, Multitask.currentProcess().pid());
      Thread.sleep(60_000); // killed before
      leave(st);
      lock.unlock();
    };
  }
}
