package dev.multitask.spi;

/**
 * Runs a blocking step to its end even if the thread is interrupted meanwhile, and restores the
 * interrupt flag afterwards: for steps that must not be abandoned halfway (taking a lock back after
 * a condition wait, a lock() that Java's contract makes uninterruptible).
 */
public final class Uninterruptibly {
  /** A step that may be interrupted; it is called again until it completes. */
  @FunctionalInterface
  public interface Step {
    /**
     * Runs the step.
     *
     * @throws InterruptedException if interrupted before it completed: it is called again
     */
    void run() throws InterruptedException;
  }

  private Uninterruptibly() {}

  /**
   * Calls {@code step} until it returns without {@link InterruptedException}; then sets the
   * interrupt flag again if it was interrupted.
   *
   * @param step the step
   */
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
