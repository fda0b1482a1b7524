package dev.multitask.bench;

import dev.multitask.Task;

/**
 * The trivial task of the round-trip and pool benchmarks: returns 42. Stateless, as the Python
 * baselines' module-level {@code answer}, so what is measured is the trip, not the work.
 */
final class AnswerTask implements Task<Integer> {
  private static final long serialVersionUID = 1L;

  @Override
  public Integer call() {
    return 42;
  }
}
