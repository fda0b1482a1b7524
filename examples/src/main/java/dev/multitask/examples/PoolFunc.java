package dev.multitask.examples;

import dev.multitask.Multitask;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The task of the tutorials' {@code ProcessPoolExecutor} programs, shared by the {@code
 * processpool-*} examples: it prints "start: i pid", sleeps 1 to 3 time units at random, prints
 * "end: i pid" and returns i².
 *
 * <p>The tutorials' unit is a second, which makes each program take about 10 s; an example's
 * optional first argument sets another unit in milliseconds (the tests use a shorter one).
 */
final class PoolFunc {
  /** The tutorials' time unit: {@code time.sleep(random.randint(1, 3))} sleeps whole seconds. */
  static final int DEFAULT_UNIT_MILLIS = 1000;

  private PoolFunc() {}

  /**
   * The time unit an example was asked for.
   *
   * @param args the example's arguments: optionally the unit in milliseconds
   * @return the unit in milliseconds
   * @throws IllegalArgumentException if the argument is not a positive number
   */
  static int unitMillis(String[] args) {
    if (args.length == 0) {
      return DEFAULT_UNIT_MILLIS;
    }
    try {
      int unit = Integer.parseInt(args[0]);
      if (unit > 0) {
        return unit;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(
        "the time unit must be a positive number of milliseconds: '" + args[0] + "'");
  }

  /**
   * The tutorials' {@code func(i)}.
   *
   * @param i the task's number
   * @param unitMillis the time unit
   * @return {@code i * i}
   * @throws InterruptedException if the sleep is interrupted
   */
  static int func(int i, int unitMillis) throws InterruptedException {
    long pid = Multitask.currentProcess().pid();
    System.out.println("start: " + i + " " + pid);
    Thread.sleep((long) ThreadLocalRandom.current().nextInt(1, 4) * unitMillis);
    System.out.println("end: " + i + " " + pid);
    return i * i;
  }
}
