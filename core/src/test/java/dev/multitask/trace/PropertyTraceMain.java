package dev.multitask.trace;

import dev.multitask.Context;
import dev.multitask.Job;
import dev.multitask.Multitask;

/**
 * A program that knows nothing of tracing, for {@link PropertyTraceTest}: runs a process job and a
 * thread job, prints the process job's pid and exits with {@code System.exit}.
 */
public final class PropertyTraceMain {
  private PropertyTraceMain() {}

  public static void main(String[] args) throws Exception {
    try (Context processes = Multitask.processes();
        Context threads = Multitask.threads()) {
      Job<Void> child = processes.job(() -> Thread.sleep(20)).name("child-job").start();
      child.join();
      threads.job(() -> Thread.sleep(20)).name("thread-job").start().join();
      System.out.println("child " + child.pid());
    }
    System.exit(0); // the trace is written by a shutdown hook, which System.exit runs
  }
}
