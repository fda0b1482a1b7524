package dev.multitask.examples;

import dev.multitask.Context;
import dev.multitask.Job;
import dev.multitask.sync.Hold;
import dev.multitask.sync.Lock;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The ticket file of {@code ticket-nolock}, now with three tickets and a {@link Lock} shared by the
 * ten buyer processes. Checking the count is free, so every buyer may see three tickets; but
 * reading, updating and writing the count happen under the lock, one buyer at a time, so exactly
 * three buy and seven are told there is none left. {@code try (Hold _ = lock.hold())} is Python's
 * {@code with lock:}: the lock is released even if the purchase throws.
 */
public final class TicketLock {
  private static final int TICKETS = 3;
  private static final int USERS = 10;

  private TicketLock() {}

  /**
   * Runs the example.
   *
   * @param args ignored
   * @throws Exception if the file cannot be made or a child fails
   */
  public static void main(String[] args) throws Exception {
    Path db = TicketDb.create(TICKETS);
    String file = db.toString();
    int sold = 0;
    try (Context ctx = Contexts.processes()) {
      Lock lock =
          ctx.lock(); // lives in shared memory: the children capture a handle to the same lock
      List<Job<Boolean>> users = new ArrayList<>();
      for (int i = 1; i <= USERS; i++) {
        int user = i;
        users.add(ctx.start(() -> getTicket(user, Path.of(file), lock)));
      }
      for (Job<Boolean> user : users) {
        sold += user.result() ? 1 : 0;
      }
    }
    int left = TicketDb.read(db);
    TicketDb.delete(db);
    System.out.println(
        "tickets at the start: " + TICKETS + ", sold: " + sold + ", left in the file: " + left);
  }

  private static boolean getTicket(int user, Path db, Lock lock) throws InterruptedException {
    TicketNoLock.search(user, db);
    try (Hold _ = lock.hold()) {
      return buy(user, db);
    }
  }

  private static boolean buy(int user, Path db) throws InterruptedException {
    int left = TicketDb.read(db);
    if (left > 0) {
      // the network, a fifth of the tutorial's 1 to 3 s: only buyers wait, one at a time
      Thread.sleep(ThreadLocalRandom.current().nextInt(1, 4) * 200L);
      TicketDb.write(db, left - 1);
      System.out.println("user " + user + " bought a ticket");
      return true;
    }
    System.out.println("user " + user + ": no ticket left, purchase failed");
    return false;
  }
}
