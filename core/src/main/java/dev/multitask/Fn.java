package dev.multitask;

import java.io.Serializable;

/**
 * A serializable function, applied to each item of a pool's {@code map}.
 *
 * @param <T> the type of the argument
 * @param <R> the type of the result
 */
@FunctionalInterface
public interface Fn<T, R> extends Serializable {
  /**
   * Applies the function.
   *
   * @param t the argument
   * @return the result
   * @throws Exception any failure
   */
  R apply(T t) throws Exception;
}
