package dev.multitask.redis;

/**
 * What a task running on a cluster worker knows of itself: its id and how many times it began.
 *
 * <p>Delivery is at least once: a task whose worker JVM died (or lost its heartbeat) while it ran
 * is run again by another worker, so a task may begin more than once, and its side effects happen
 * as often. {@link #id()} is the same on every delivery: it is the idempotency key of the task. A
 * task whose effects must happen once records them under that key, where the record and the effect
 * are one atomic step (a database row with a unique key, a Redis {@code SET NX}), and skips them
 * when the key is already recorded.
 *
 * <pre>{@code
 * pool.submit(() -> {
 *   String key = ClusterTask.id().orElseThrow();
 *   if (ledger.putIfAbsent(key, amount) == null) bank.transfer(amount);   // once per task
 *   return null;
 * });
 * }</pre>
 *
 * <p>Outside a cluster task both methods answer empty or 0.
 */
public final class ClusterTask {
  private static final ThreadLocal<String> ID = new ThreadLocal<>();
  private static final ThreadLocal<Integer> RUNS = new ThreadLocal<>();

  private ClusterTask() {}

  /**
   * The running task's id, the same on every delivery.
   *
   * @return the id, or empty outside a cluster task
   */
  public static java.util.Optional<String> id() {
    return java.util.Optional.ofNullable(ID.get());
  }

  /**
   * How many times the running task began, this time included: 1 on the first delivery.
   *
   * @return the count, or 0 outside a cluster task
   */
  public static int delivery() {
    Integer runs = RUNS.get();
    return runs == null ? 0 : runs;
  }

  /**
   * Sets what the current thread runs, for the worker's child JVM (not for users).
   *
   * @param id the task id, or null when it ends
   * @param runs the delivery count
   */
  static void enter(String id, int runs) {
    if (id == null) {
      ID.remove();
      RUNS.remove();
    } else {
      ID.set(id);
      RUNS.set(runs);
    }
  }

  /** The bridge the worker's child JVMs use to set the current task. */
  public static final class Access {
    private Access() {}

    /**
     * Sets the current thread's task (the worker's child side only).
     *
     * @param id the id, or null when the task ends
     * @param runs the delivery count
     */
    public static void enter(String id, int runs) {
      ClusterTask.enter(id, runs);
    }
  }
}
