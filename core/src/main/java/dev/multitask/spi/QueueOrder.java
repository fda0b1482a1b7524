package dev.multitask.spi;

/** The order in which a queue hands its elements out. */
public enum QueueOrder {
  /** First in, first out: Python's {@code Queue}. */
  FIFO,
  /** Last in, first out: Python's {@code LifoQueue}. */
  LIFO,
  /**
   * Least first, by natural order or a comparator; equal elements first in, first out: Python's
   * {@code PriorityQueue}.
   */
  PRIORITY
}
