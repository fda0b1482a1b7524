package dev.multitask.process;

/**
 * A Java agent that holds a JVM up before its {@code main} for the milliseconds given as its
 * argument: a worker that starts as slowly as one on a heavily loaded machine.
 */
public final class SlowStartAgent {
  private SlowStartAgent() {}

  /**
   * Sleeps before {@code main}.
   *
   * @param args the milliseconds to sleep
   * @throws InterruptedException never in practice
   */
  public static void premain(String args) throws InterruptedException {
    Thread.sleep(Long.parseLong(args));
  }
}
