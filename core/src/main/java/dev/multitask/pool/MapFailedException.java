package dev.multitask.pool;

import java.io.Serial;

/**
 * An item of a {@code map} or {@code imap} failed: the function threw, or its worker died or timed
 * out. The exception names the item's index in the input; the cause is the item's failure.
 */
public final class MapFailedException extends RuntimeException {
  @Serial private static final long serialVersionUID = 1L;

  /** The index of the failed item in the input. */
  private final long index;

  /**
   * Creates the exception.
   *
   * @param index the failed item's index in the input
   * @param cause its failure
   */
  public MapFailedException(long index, Throwable cause) {
    super("map item " + index + " failed: " + cause, cause);
    this.index = index;
  }

  /**
   * The index of the failed item in the input.
   *
   * @return the index
   */
  public long index() {
    return index;
  }
}
