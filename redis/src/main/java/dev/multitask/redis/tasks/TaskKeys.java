package dev.multitask.redis.tasks;

/**
 * The keys of the task system. Every worker of a server serves every context on it.
 *
 * <pre>
 * mt:tasks, mt:jobs           pending envelopes (lists): pool items, and jobs
 * mt:inflight:W:tasks:N       what taker N of worker W took and has not acknowledged (list; N
 *                             runs one item at a time, so the list holds one at most)
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
   * A worker's heartbeat lives this long. Ten beats fit in it: a worker is taken for dead (and its
   * work run again elsewhere) only after ten seconds without a beat, not after a pause of a loaded
   * host, whose duplicate executions would cost more than the later recovery.
   */
  public static final long HEARTBEAT_TTL_MILLIS = 10_000;

  /** How often a worker renews its heartbeat. */
  public static final long BEAT_MILLIS = 1000;

  private TaskKeys() {}

  /** What taker {@code taker} of worker {@code worker} took of {@link #TASKS}. */
  public static String inflightTasks(String worker, int taker) {
    return "mt:inflight:" + worker + ":tasks:" + taker;
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
