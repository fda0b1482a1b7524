package dev.multitask.coro;

import static dev.multitask.coro.CoroTesting.ms;
import static dev.multitask.coro.CoroTesting.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

/** The timers: deadlines kept in order across the lane and the heap, and nothing left behind. */
class TimersTest {
  private record Woke(long deadline, long at) {}

  @Test
  void sleepers_wakeAfterTheirDeadlineInDeadlineOrder() throws Exception {
    List<Woke> woke = Collections.synchronizedList(new ArrayList<>());
    run(
        () -> {
          List<Coroutine<Void>> all = new ArrayList<>();
          for (int i = 0; i < 300; i++) {
            // rising, falling and equal durations: both the lane and the heap are used
            long millis = i % 3 == 0 ? 10 + i / 10 : ThreadLocalRandom.current().nextLong(1, 60);
            all.add(
                Coroutines.spawn(
                    () -> {
                      long deadline = System.nanoTime() + millis * 1_000_000;
                      Coroutines.sleep(ms(millis));
                      woke.add(new Woke(deadline, System.nanoTime()));
                    }));
          }
          Coroutines.gather(all);
          return null;
        });
    assertEquals(300, woke.size());
    for (int i = 0; i < woke.size(); i++) {
      Woke w = woke.get(i);
      assertTrue(w.at() - w.deadline() >= 0, "woke before its deadline: " + w);
      if (i > 0) {
        // a later deadline never runs first, but for the few microseconds between the
        // coroutine's own reading of the clock and the timer's
        assertTrue(w.deadline() - woke.get(i - 1).deadline() > -2_000_000, "out of order at " + i);
      }
    }
  }

  @Test
  void timedWaitsThatEndEarly_leaveNoTimerBehind() throws Exception {
    int before = Timers.scheduled();
    run(
        () -> {
          AsyncQueue<Integer> q = new AsyncQueue<>();
          // a live entry at the lane's head: stale slots behind it are not dropped at the head
          Coroutine<Void> anchor = Coroutines.spawn(() -> Coroutines.sleep(Duration.ofMinutes(59)));
          Coroutines.yield();
          Coroutine<Integer> taker =
              Coroutines.spawn(
                  () -> {
                    int sum = 0;
                    for (int i = 0; i < 5000; i++) {
                      sum += q.poll(Duration.ofHours(1)); // each ends at once: its timer goes
                    }
                    return sum;
                  });
          for (int i = 0; i < 5000; i++) {
            q.put(1);
            Coroutines.yield();
          }
          assertEquals(5000, taker.get());
          assertTrue(Timers.laneSlots() < 3000, "stale slots are compacted: " + Timers.laneSlots());
          anchor.cancel();
          anchor.join();
          return null;
        });
    assertTrue(Timers.scheduled() <= before, "timers left: " + Timers.scheduled() + " > " + before);
  }
}
