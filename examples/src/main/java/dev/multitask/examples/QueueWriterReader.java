package dev.multitask.examples;

import dev.multitask.Context;
import dev.multitask.Job;
import dev.multitask.Multitask;
import dev.multitask.ipc.Queue;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A writer process puts "A", "B" and "C" on a queue with a random pause after each; a reader
 * process loops forever printing what it takes. Main joins the writer; the reader would never end,
 * so main stops it with {@code terminate()}, as the tutorial's {@code pr.terminate()}.
 */
public final class QueueWriterReader {
  private QueueWriterReader() {}

  /**
   * Runs the example.
   *
   * @param args ignored
   * @throws Exception if a child cannot be started or a wait is interrupted
   */
  public static void main(String[] args) throws Exception {
    try (Context ctx = Multitask.processes()) {
      Queue<String> q = ctx.queue();
      Job<Void> pw = ctx.start(() -> write(q));
      Job<Void> pr = ctx.start(() -> read(q));
      pw.join();
      // A forked Python reader is there at once; a child JVM may still be starting when the
      // writer ends. Wait until the reader has taken everything, and give it a moment to print.
      while (!q.isEmpty() && pr.isAlive()) {
        Thread.sleep(10);
      }
      Thread.sleep(100);
      System.out.println("main: the writer has ended; the reader loops forever, so terminate it");
      pr.terminate(); // SIGTERM: the child dies at once
      pr.join();
      int exitCode = pr.exitCode().orElseThrow();
      System.out.println(
          "main: reader terminated, alive=" + pr.isAlive() + ", exit code=" + exitCode);
    }
  }

  private static void write(Queue<String> q) throws InterruptedException {
    System.out.println("Process to write: " + Multitask.currentProcess().pid());
    for (String value : new String[] {"A", "B", "C"}) {
      System.out.println("Put " + value + " to queue...");
      q.put(value);
      Thread.sleep(ThreadLocalRandom.current().nextInt(1000)); // random.random() seconds
    }
  }

  private static void read(Queue<String> q) throws InterruptedException {
    System.out.println("Process to read: " + Multitask.currentProcess().pid());
    while (true) {
      String value = q.take();
      System.out.println("Get " + value + " from queue.");
    }
  }
}
