package dev.multitask.sync;

import java.io.Serial;
import java.util.List;

/**
 * Thrown instead of waiting forever: the caller waits for a lock whose holder waits, directly or
 * through others, for a lock the caller holds. The message and {@link #cycle()} name each lock of
 * the cycle and who holds it (process and thread). Nothing was acquired by the failed call; the
 * caller usually releases what it holds and retries, or reports the bug.
 */
public final class DeadlockException extends IllegalStateException {
  @Serial private static final long serialVersionUID = 1L;

  /** The edges of the cycle, starting with the caller's. */
  @SuppressWarnings("serial") // List.copyOf returns a serializable list
  private final List<String> cycle;

  /**
   * Makes the exception for a cycle.
   *
   * @param cycle the edges of the cycle, each "holder waits for lock held by holder", starting with
   *     the caller
   */
  public DeadlockException(List<String> cycle) {
    super(
        "deadlock: "
            + String.join("; ", cycle)
            + " (take the locks in one global order, or use a timed tryLock and back off)");
    this.cycle = List.copyOf(cycle);
  }

  /**
   * The edges of the cycle.
   *
   * @return the edges, starting with the caller's
   */
  public List<String> cycle() {
    return cycle;
  }
}
