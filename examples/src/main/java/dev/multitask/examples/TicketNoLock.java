package dev.multitask.examples;

import dev.multitask.Context;
import dev.multitask.Job;
import dev.multitask.Multitask;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Ten buyer processes and one ticket in a file, without a lock. Each buyer reads the count, waits 1
 * to 3 s (the tutorial's network delay), and if the count it read was positive writes it back one
 * less and reports success. Every buyer that reads before the first one writes sees the ticket, so
 * several buy the same single ticket: the file is oversold. Compare {@code ticket-lock}.
 */
public final class TicketNoLock {
  private static final int TICKETS = 1;
  private static final int USERS = 10;

  private TicketNoLock() {}

  /**
   * Runs the example.
   *
   * @param args ignored
   * @throws Exception if the file cannot be made or a child fails
   */
  public static void main(String[] args) throws Exception {
    Path db = TicketDb.create(TICKETS);
    String file = db.toString(); // a Path is not serializable; its string travels to the children
    int sold = 0;
    try (Context ctx = Multitask.processes()) {
      List<Job<Boolean>> users = new ArrayList<>();
      for (int i = 1; i <= USERS; i++) {
        int user = i;
        users.add(ctx.start(() -> getTicket(user, Path.of(file))));
      }
      for (Job<Boolean> user : users) {
        sold += user.result() ? 1 : 0;
      }
    }
    int left = TicketDb.read(db);
    TicketDb.delete(db);
    System.out.println(
        "tickets at the start: " + TICKETS + ", sold: " + sold + ", left in the file: " + left);
    System.out.println(
        sold > TICKETS
            ? "oversold: "
                + sold
                + " users bought the only ticket, each had read the count before anyone wrote it back"
            : "not oversold this time: the buyers did not overlap; run it again");
  }

  private static boolean getTicket(int user, Path db) throws InterruptedException {
    search(user, db);
    return buy(user, db);
  }

  static void search(int user, Path db) {
    System.out.println("user " + user + " checks: " + TicketDb.read(db) + " ticket(s) left");
  }

  private static boolean buy(int user, Path db) throws InterruptedException {
    int left = TicketDb.read(db);
    Thread.sleep(
        ThreadLocalRandom.current().nextInt(1, 4) * 1000L); // the network: random.randint(1, 3) s
    if (left > 0) {
      TicketDb.write(db, left - 1);
      System.out.println("user " + user + " bought a ticket");
      return true;
    }
    System.out.println("user " + user + ": no ticket left, purchase failed");
    return false;
  }
}
