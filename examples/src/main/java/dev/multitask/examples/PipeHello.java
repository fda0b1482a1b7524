package dev.multitask.examples;

import dev.multitask.Context;
import dev.multitask.Job;
import dev.multitask.Multitask;
import dev.multitask.ipc.Connection;
import dev.multitask.ipc.Pipe;

/**
 * A duplex pipe between main and a child, as Python's {@code conn1, conn2 = Pipe()}: the child
 * sends "hello world" on one end, main receives it on the other and answers "hi son", which the
 * child receives. Each {@code recv} waits for the other side, so the two lines come in that order.
 */
public final class PipeHello {
  private PipeHello() {}

  /**
   * Runs the example.
   *
   * @param args ignored
   * @throws Exception if the child cannot be started or a wait is interrupted
   */
  public static void main(String[] args) throws Exception {
    try (Context ctx = Multitask.processes()) {
      Pipe<String> pipe = ctx.pipe(); // duplex: both ends send and receive
      Connection<String> conn1 = pipe.left();
      Connection<String> conn2 = pipe.right();
      Job<Void> p = ctx.start(() -> foo(conn1)); // the child gets conn1, main keeps conn2
      System.out.println("main received: " + conn2.recv());
      conn2.send("hi son");
      p.join();
    }
  }

  private static void foo(Connection<String> sk) throws InterruptedException {
    sk.send("hello world");
    System.out.println("child received: " + sk.recv());
  }
}
