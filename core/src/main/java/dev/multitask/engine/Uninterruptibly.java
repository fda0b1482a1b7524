package dev.multitask.engine;

/**
 * Runs a blocking step to its end even if the thread is interrupted meanwhile, and restores the
 * interrupt flag afterwards: for steps that must not be abandoned halfway (taking a lock back after
 * a condition wait, a lock() that Java's contract makes uninterruptible).
 */
public final class Uninterruptibly {
  /** A step that may be interrupted; it is called again until it completes. */
  @FunctionalInterface
  public interface Step {
    void run() throws InterruptedException;
  }

  private Uninterruptibly() {}

  /** Calls {@code step} until it returns without {@link InterruptedException}; then re-sets the flag if it was interrupted. */
  public static void run(Step step) {
    boolean interrupted = false;
    while (true) {
      try {
        step.run();
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }
}
