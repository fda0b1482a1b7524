package dev.multitask.workers;

import dev.multitask.pool.TaskQuarantinedException;
import dev.multitask.pool.WorkerDiedException;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counts, per task code (the task's or map function's class), the workers killed in a row; at
 * {@link TaskQuarantinedException#KILLS} the code is quarantined and its items fail at once. A run
 * of that code that leaves its worker alive clears the count.
 */
final class Quarantine {
  private record Kills(int count, WorkerDiedException last) {}

  private final ConcurrentHashMap<String, Kills> kills = new ConcurrentHashMap<>();

  /** The exception to fail an item of {@code key} with, or null if it may run. */
  TaskQuarantinedException check(String key) {
    Kills k = kills.get(key);
    if (k == null || k.count < TaskQuarantinedException.KILLS) {
      return null;
    }
    return new TaskQuarantinedException("quarantined: tasks of " + key + " killed " + k.count
        + " workers in a row, so the pool no longer runs them (the last death: " + k.last.getMessage()
        + "); fix the task, or call releaseQuarantine() to try again", k.last);
  }

  void died(String key, WorkerDiedException death) {
    kills.merge(key, new Kills(1, death), (old, one) -> new Kills(old.count + 1, death));
  }

  void survived(String key) {
    kills.remove(key);
  }

  void release() {
    kills.clear();
  }
}
