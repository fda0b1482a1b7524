package dev.multitask;

import java.io.Serializable;

/**
 * A unit of work that returns a value: the body of a {@link Job} or a pool task.
 *
 * <p>Task bodies travel to child JVMs, so a task is {@link Serializable}: a lambda or method
 * reference assigned to {@code Task} is serializable as long as everything it captures is.
 * Capturing something that is not fails in {@link Context#start(Task)}, naming the class and the
 * field path, never later in the child.
 *
 * @param <R> the type of the result
 */
@FunctionalInterface
public interface Task<R> extends Serializable {
  /**
   * Runs the work.
   *
   * @return the result, handed to {@link Job#result()} in the caller
   * @throws Exception any failure; it reaches the caller as the cause of a {@link
   *     JobFailedException}
   */
  R call() throws Exception;
}
