package dev.multitask.examples;

import dev.multitask.Context;
import dev.multitask.Job;
import dev.multitask.Multitask;
import dev.multitask.sync.Event;
import java.time.Duration;

/**
 * An {@link Event} between main and a child process: a flag, initially clear, that blocks every
 * {@code await} while it is clear. The child waits; main lets it wait 1 s and then calls {@code
 * set()}, which wakes it. After {@code clear()} the flag blocks again: a timed wait returns {@code
 * false} when its time is up. Python's {@code e.wait()}, {@code e.set()}, {@code e.clear()} and
 * {@code e.is_set()} are {@code await}, {@code set}, {@code clear} and {@code isSet}.
 */
public final class EventExample {
  private EventExample() {}

  /**
   * Runs the example.
   *
   * @param args ignored
   * @throws Exception if the child cannot be started or fails
   */
  public static void main(String[] args) throws Exception {
    try (Context ctx = Multitask.processes()) {
      Event e = ctx.event();
      Event waiting =
          ctx.event(); // the child says it is about to wait, so main's second counts from there
      System.out.println("main: isSet=" + e.isSet());
      Job<Void> waiter = ctx.start(() -> waiter(e, waiting));
      waiting.await();
      Thread.sleep(1000);
      System.out.println("main: set()");
      e.set();
      waiter.result();
      System.out.println("main: isSet=" + e.isSet() + "; a set event lets every await through");
      e.clear();
      System.out.println("main: clear(), isSet=" + e.isSet());
      long start = System.nanoTime();
      boolean got = e.await(Duration.ofMillis(500));
      System.out.println(
          "main: await(0.5 s) returned "
              + got
              + " after "
              + Clock.secondsSince(start)
              + " s: a cleared event blocks again");
    }
  }

  private static void waiter(Event e, Event waiting) throws InterruptedException {
    System.out.println("waiter: isSet=" + e.isSet() + ", waiting...");
    long start = System.nanoTime();
    waiting.set();
    e.await();
    System.out.println(
        "waiter: woke after " + Clock.secondsSince(start) + " s, isSet=" + e.isSet());
  }
}
