package dev.multitask.redis.worker;

import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * A worker's Redis steps that must not be dropped: an item or job left in flight by a live worker
 * would never come back, so its acknowledgement is tried again, once a second, for as long as the
 * worker runs (each try already waits out a reconnect for the client's patience). The steps are
 * safe to run twice.
 */
final class Retries {
  private Retries() {}

  /**
   * Runs {@code step} until it returns or the worker stops.
   *
   * @param worker the worker's name, for the message of a failed try
   * @param what what the step does, for that message ("report task-1")
   * @param stopping whether the worker stops
   * @param step the step
   * @param <T> its result type
   * @return its result, or null if the worker stopped (or the thread was interrupted) first
   */
  static <T> T untilDone(String worker, String what, BooleanSupplier stopping, Supplier<T> step) {
    while (!stopping.getAsBoolean()) {
      try {
        return step.get();
      } catch (RuntimeException ex) {
        System.err.println(
            "multitask worker " + worker + ": could not " + what + ", trying again: " + ex);
        try {
          Thread.sleep(1000);
        } catch (InterruptedException e) {
          return null; // only close() interrupts a worker's threads: it puts back what is left
        }
      }
    }
    return null;
  }
}
