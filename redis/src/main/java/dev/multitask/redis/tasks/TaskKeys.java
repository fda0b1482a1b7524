package dev.multitask.redis.tasks;

/**
 * The keys of the task system. Every worker of a server serves every context on it.
 *
 * <pre>
 * mt:tasks, mt:jobs           pending envelopes (lists): pool items, and jobs
 * mt:inflight:W:tasks         the pool items worker W took and has not acknowledged (list; at
 *                             most its window, {@code TaskTaker}; the newest at the tail)
 * mt:inflight:W:jobs          the jobs worker W took and has not acknowledged (list)
 * mt:inflights:W              the names of W's in-flight lists (set), for the reaper
 * mt:alive:W                  W's heartbeat, with a TTL
 * mt:workers                  the names of the workers (set)
 * mt:done:C                   records for context C: started, ended (list, with a TTL)
 * mt:result:ID                the last record of task ID, kept for {@link #RESULT_TTL_SECONDS}
 * mt:ctl:W                    commands to W: kill or terminate a task it runs (list)
 * mt:ctx:C                    context C's heartbeat: without it, its running jobs are killed
 * mt:cancelled                ids cancelled before a worker took them (set)
 * mt:runs:ID                  how many times ID began (counter, with a TTL)
 * </pre>
 */
public final class TaskKeys {
  /** Pending pool items. */
  public static final String TASKS = "mt:tasks";

  /** Pending jobs. */
  public static final String JOBS = "mt:jobs";

  /** The workers' names. */
  public static final String WORKERS = "mt:workers";

  /** Ids cancelled while pending. */
  public static final String CANCELLED = "mt:cancelled";

  /** How long results and done lists are kept. */
  public static final long RESULT_TTL_SECONDS = 24 * 3600;

  /**
   * The system property that sets how long a worker's heartbeat lives, in milliseconds (default
   * {@value #DEFAULT_HEARTBEAT_TTL_MILLIS}, at least {@value #MIN_HEARTBEAT_TTL_MILLIS}). Tests
   * shorten it to find a dead worker sooner; a worker JVM reads it at start.
   */
  public static final String HEARTBEAT_PROPERTY = "multitask.redis.heartbeatMillis";

  /**
   * A worker's heartbeat lives this long unless {@link #HEARTBEAT_PROPERTY} says otherwise. Ten
   * beats fit in it: a worker is taken for dead (and its work run again elsewhere) only after ten
   * seconds without a beat, not after a pause of a loaded host, whose duplicate executions would
   * cost more than the later recovery.
   */
  public static final long DEFAULT_HEARTBEAT_TTL_MILLIS = 10_000;

  /** The shortest heartbeat {@link #HEARTBEAT_PROPERTY} may set. */
  public static final long MIN_HEARTBEAT_TTL_MILLIS = 1000;

  private TaskKeys() {}

  /**
   * How long a worker's heartbeat lives: {@link #HEARTBEAT_PROPERTY}, or {@link
   * #DEFAULT_HEARTBEAT_TTL_MILLIS}.
   *
   * @return milliseconds
   * @throws IllegalStateException if the property is not a number of at least {@link
   *     #MIN_HEARTBEAT_TTL_MILLIS}
   */
  public static long heartbeatTtlMillis() {
    String value = System.getProperty(HEARTBEAT_PROPERTY);
    if (value == null) {
      return DEFAULT_HEARTBEAT_TTL_MILLIS;
    }
    long millis;
    try {
      millis = Long.parseLong(value.trim());
    } catch (NumberFormatException e) {
      millis = -1;
    }
    if (millis < MIN_HEARTBEAT_TTL_MILLIS) {
      throw new IllegalStateException(
          HEARTBEAT_PROPERTY
              + " must be a number of milliseconds >= "
              + MIN_HEARTBEAT_TTL_MILLIS
              + ": "
              + HEARTBEAT_PROPERTY
              + "="
              + value);
    }
    return millis;
  }

  /**
   * How often a worker renews its heartbeat: a fifth of {@link #heartbeatTtlMillis()}, at most once
   * a second.
   *
   * @return milliseconds
   */
  public static long beatMillis() {
    return Math.min(1000, heartbeatTtlMillis() / 5);
  }

  /** What worker {@code worker} took of {@link #TASKS}. */
  public static String inflightTasks(String worker) {
    return "mt:inflight:" + worker + ":tasks";
  }

  /** What worker {@code worker} took of {@link #JOBS}. */
  public static String inflightJobs(String worker) {
    return "mt:inflight:" + worker + ":jobs";
  }

  /** The names of worker {@code worker}'s in-flight lists. */
  public static String inflights(String worker) {
    return "mt:inflights:" + worker;
  }

  /** The heartbeat of worker {@code worker}. */
  public static String alive(String worker) {
    return "mt:alive:" + worker;
  }

  /** The records for context {@code ctx}. */
  public static String done(String ctx) {
    return "mt:done:" + ctx;
  }

  /** The kept record of task {@code id}. */
  public static String result(String id) {
    return "mt:result:" + id;
  }

  /** The command list of worker {@code worker}. */
  public static String control(String worker) {
    return "mt:ctl:" + worker;
  }

  /** The heartbeat of context {@code ctx}. */
  public static String contextAlive(String ctx) {
    return "mt:ctx:" + ctx;
  }

  /** The start count of task {@code id}. */
  public static String runs(String id) {
    return "mt:runs:" + id;
  }
}
