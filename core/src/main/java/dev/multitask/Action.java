package dev.multitask;

import java.io.Serializable;

/**
 * A unit of work without a result, such as Python's {@code Process(target=f)}. The same
 * serialization rules as for {@link Task} apply.
 */
@FunctionalInterface
public interface Action extends Serializable {
  /**
   * Runs the work.
   *
   * @throws Exception any failure; it reaches the caller as the cause of a {@link
   *     JobFailedException}
   */
  void run() throws Exception;
}
