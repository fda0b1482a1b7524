package dev.multitask.examples;

import dev.multitask.Context;
import dev.multitask.Job;
import dev.multitask.Multitask;
import dev.multitask.Task;
import java.io.Serial;

/**
 * A thread described by a class, as Python's {@code class MyThread(Thread)}: the thread prints its
 * ident (Java's thread id), and main prints the same ident.
 */
public final class ThreadClass {
  private ThreadClass() {}

  /**
   * The thread's work and its data. A {@link Job} does not expose a thread id, so the thread hands
   * its id back as the job's result, where Python's main reads {@code t.ident}.
   */
  static final class MyThread implements Task<Long> {
    @Serial private static final long serialVersionUID = 1L;

    private final String a;

    MyThread(String a) {
      this.a = a;
    }

    @Override
    public Long call() {
      long ident = Thread.currentThread().threadId();
      System.out.println("in the thread: ident=" + ident + ", a=" + a);
      return ident;
    }
  }

  /**
   * Runs the example.
   *
   * @param args ignored
   * @throws Exception if the thread fails or the wait is interrupted
   */
  public static void main(String[] args) throws Exception {
    try (Context ctx = Multitask.threads()) {
      Job<Long> t = ctx.start(new MyThread("a"));
      System.out.println("in main: ident=" + t.result());
    }
  }
}
