package dev.multitask.bench.soak;

import dev.multitask.Action;
import dev.multitask.Job;
import dev.multitask.shared.SharedLong;
import dev.multitask.shared.SharedLongArray;
import dev.multitask.sync.Event;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Waiter processes block on an event with timed {@code await}s; the parent sets it, waits until
 * every live waiter has seen that set, and clears it, step after step, while waiters are SIGKILLed
 * (mostly while they sleep in the kernel) and SIGSTOPped at random. Checks: a set wakes every live
 * waiter (a dead one does not swallow the wake), within 60 s; timed waits return in time.
 */
final class EventSoak extends Scenario {
  private static final int WAITERS = 3;
  private static final int MAX_WAITERS = 16;
  private static final int MAX_KILLS = 3;
  private static final int OVERRUN = MAX_WAITERS;
  private static final Duration SEEN_WITHIN = Duration.ofSeconds(60);

  EventSoak(Signals signals, Tally tally) {
    super("event", signals, tally);
  }

  @Override
  void round() throws Exception {
    Event event = ctx.event();
    SharedLong generation = ctx.sharedLong(0, false);
    SharedLongArray seen = ctx.sharedLongArray(MAX_WAITERS + 1, false);
    List<Job<Void>> waiters = new ArrayList<>();
    for (int w = 0; w < WAITERS; w++) {
      waiters.add(start("waiter", waiter(event, generation, seen, w)));
    }
    int kills = 0;
    int steps = between(5, 20);
    phase("steps");
    for (int step = 1; step <= steps; step++) {
      sleep(between(10, 200));
      int dice = random().nextInt(100);
      Job<Void> victim = pickAlive(waiters);
      if (victim != null && dice < 25 && kills < MAX_KILLS && waiters.size() < MAX_WAITERS) {
        if (kill(victim)) {
          kills++;
          waiters.add(start("waiter", waiter(event, generation, seen, waiters.size())));
        }
      } else if (victim != null && dice < 60) {
        stop(victim.pid(), between(20, 800));
      }
      generation.set(step);
      event.set();
      long until = System.nanoTime() + SEEN_WITHIN.toNanos();
      List<Integer> late = late(waiters, seen, step);
      while (!late.isEmpty() && System.nanoTime() < until) {
        sleep(2);
        late = late(waiters, seen, step);
      }
      if (!late.isEmpty()) {
        violation(
            "waiters "
                + late
                + " did not see set() number "
                + step
                + " within "
                + SEEN_WITHIN.toSeconds()
                + " s");
        break;
      }
      tally.add("event.ops", waiters.stream().filter(Job::isAlive).count());
      event.clear();
    }
    phase("joining");
    generation.set(-1); // tells the waiters to leave
    event.set();
    joinAll(waiters, "event waiters");
    childOverrun(seen.get(OVERRUN), "event await");
    progressed();
  }

  /** The live waiters that have not yet seen {@code step}. */
  private static List<Integer> late(List<Job<Void>> waiters, SharedLongArray seen, int step) {
    List<Integer> late = new ArrayList<>();
    for (int w = 0; w < waiters.size(); w++) {
      if (waiters.get(w).isAlive() && seen.get(w) < step) {
        late.add(w);
      }
    }
    return late;
  }

  static Action waiter(Event event, SharedLong generation, SharedLongArray seen, int w) {
    return () -> {
      java.util.concurrent.ThreadLocalRandom r = java.util.concurrent.ThreadLocalRandom.current();
      while (true) {
        long millis = r.nextInt(5) == 0 ? 5000 : r.nextLong(20, 500);
        long t0 = System.nanoTime();
        if (!event.await(Duration.ofMillis(millis))) {
          ChildStats.timed(seen, OVERRUN, t0, TimeUnit.MILLISECONDS.toNanos(millis));
          continue;
        }
        long g = generation.get();
        if (g < 0) {
          return;
        }
        if (g > seen.get(w)) {
          seen.set(w, g);
        } else {
          Thread.sleep(1); // still the set already seen: wait for the clear
        }
      }
    };
  }
}
