package dev.multitask.process.sync;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.multitask.Context;
import dev.multitask.Job;
import dev.multitask.Multitask;
import dev.multitask.shared.SharedLong;
import dev.multitask.shared.SharedLongArray;
import dev.multitask.sync.Barrier;
import dev.multitask.sync.Lock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The tutorials' ticket booking under a process lock, 100 rounds in a row: 10 buyer processes race
 * for 3 tickets with a read-pause-write update that oversells without the lock; every round sells
 * exactly 3. A barrier starts each round, and its action refills the tickets.
 */
class TicketBookingTest {
  private static final int BUYERS = 10;
  private static final int TICKETS = 3;
  private static final int ROUNDS = 100;

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void booking_everyRound_sellsExactlyTheTicketsThereAre() throws Exception {
    try (Context ctx = Multitask.processes()) {
      Lock lock = ctx.lock();
      SharedLong tickets = ctx.sharedLong(TICKETS);
      SharedLongArray sold = ctx.sharedLongArray(ROUNDS);
      Barrier start = ctx.barrier(BUYERS, () -> tickets.set(TICKETS));
      List<Job<Void>> buyers = new ArrayList<>();
      for (int b = 0; b < BUYERS; b++) {
        buyers.add(
            ctx.start(
                () -> {
                  for (int round = 0; round < ROUNDS; round++) {
                    start.await();
                    try (var _ = lock.hold()) {
                      long left = tickets.get();
                      if (ThreadLocalRandom.current().nextInt(4) == 0) {
                        Thread.sleep(
                            0, 200_000); // widen the window a missing lock would lose updates in
                      }
                      if (left > 0) {
                        tickets.set(left - 1);
                        sold.addAndGet(round, 1);
                      }
                    }
                  }
                }));
      }
      for (Job<Void> buyer : buyers) {
        buyer.result();
      }
      long[] expected = new long[ROUNDS];
      Arrays.fill(expected, TICKETS);
      assertArrayEquals(expected, sold.toArray(), "tickets sold per round");
      assertEquals(0, tickets.get());
    }
  }
}
