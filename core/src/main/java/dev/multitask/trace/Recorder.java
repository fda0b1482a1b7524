package dev.multitask.trace;

import dev.multitask.Multitask;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The recording calls that the library's backends make (and that a custom {@link
 * dev.multitask.spi.Backend} may make): each records one {@link TraceEvent} of the calling process
 * while a trace is on, and does nothing else. Users start and stop traces with {@link Trace}.
 *
 * <p>Cost: with no trace on, a caller pays one read of a volatile flag ({@link #isOn()}), and the
 * hooks sit on blocking paths only (a wait that has begun, a job that ends, a coroutine switch), so
 * an uncontended lock or a queue that never blocks pays nothing at all. With a trace on, an event
 * costs an allocation, an uncontended monitor and a map lookup of the thread's name.
 *
 * <p>Child processes: a worker whose job or task came with the trace flag records into its own
 * buffer ({@link #startInChild()}) and hands its events over with {@link #drain()}; the parent adds
 * them with {@link #merge(Batch)}. Both run on the process backend's control channel.
 *
 * <p>Thread-safe; every method may be called from any thread, virtual threads included.
 */
public final class Recorder {
  /**
   * Lanes of event loops are numbered from here, above any thread id a JVM hands out in practice
   * and below 2<sup>31</sup>, which trace viewers take as a thread id.
   */
  public static final long LOOP_LANE_BASE = 2_000_000_000L;

  /** The system property that sets how many events a process keeps (default 1,000,000). */
  public static final String MAX_EVENTS_PROPERTY = "multitask.trace.maxEvents";

  private static volatile boolean on;

  /** Open {@link Trace}s of this process; guarded by {@code Recorder.class}. */
  private static int sessions;

  /** Whether a parent asked for events (this is a worker in a traced run); same guard. */
  private static boolean child;

  private static volatile long pid = -1;

  /**
   * What a trace keeps, in a class of its own: a program that never traces loads only the flag
   * above (and this class when a hook is reached, for the check of {@code -Dmultitask.trace}).
   */
  private static final class State {
    static final EventBuffer EVENTS =
        new EventBuffer(Math.max(1, Integer.getInteger(MAX_EVENTS_PROPERTY, 1_000_000)));

    /** Names of this process's threads, filled as they record. */
    static final ConcurrentHashMap<Long, String> THREADS = new ConcurrentHashMap<>();

    /** Names merged from child processes, and lanes named by hooks. */
    static final Names NAMES = new Names();

    /** The names in the last batch {@link #drain()} handed over; guarded by Recorder.class. */
    static Map<Long, String> sentProcesses = Map.of();

    static Map<Long, Map<Long, String>> sentThreads = Map.of();
    static Map<Long, Long> sentMains = Map.of();

    static void clear() {
      EVENTS.clear();
      THREADS.clear();
      NAMES.clear();
      sentProcesses = Map.of();
      sentThreads = Map.of();
      sentMains = Map.of();
    }
  }

  private Recorder() {}

  /**
   * Whether a trace is recording in this process. The one check a hook makes when none is.
   *
   * @return true while events are kept
   */
  public static boolean isOn() {
    return on;
  }

  /**
   * The clock of events: {@link System#nanoTime()}.
   *
   * @return now
   */
  public static long now() {
    return System.nanoTime();
  }

  /**
   * When a wait that may be recorded begins: now while a trace is on, else 0 (and a hook that gets
   * 0 records nothing when the wait ends).
   *
   * @return now, or 0
   */
  public static long waitStart() {
    return on ? System.nanoTime() : 0;
  }

  // ---------------------------------------------------------------- hooks

  /**
   * A job ended.
   *
   * @param name the job's name
   * @param jobPid the process it ran in
   * @param tid its thread there, or {@link TraceEvent#MAIN_THREAD} for a child process's main
   * @param startNanos when it was started
   * @param exitCode its exit code
   * @param outcome "ok" or "failed"
   */
  public static void job(
      String name, long jobPid, long tid, long startNanos, int exitCode, String outcome) {
    if (on) {
      add(
          TraceEvent.of(
              TraceEvent.Kind.JOB, name, jobPid, tid, startNanos, now(), exitCode, 0, outcome));
      if (jobPid != pid()) {
        State.NAMES.processIfNone(jobPid, name);
      } else if (tid >= 0) {
        State.THREADS.putIfAbsent(tid, name);
      }
    }
  }

  /**
   * A pool task ended (its record in the pool's own {@link dev.multitask.pool.Timeline}).
   *
   * @param pool the pool's name
   * @param label the task's label ("submit", "map[0..9]")
   * @param task its number in the pool
   * @param worker the worker slot
   * @param taskPid the process it ran in (0 if it never reached one)
   * @param thread the thread it ran on, when that is a thread of this process; else null
   * @param startNanos when it began
   * @param endNanos when it ended
   * @param outcome "ok", "failed", ...
   */
  public static void poolTask(
      String pool,
      String label,
      long task,
      int worker,
      long taskPid,
      Thread thread,
      long startNanos,
      long endNanos,
      String outcome) {
    if (!on) {
      return;
    }
    long self = pid();
    long where = taskPid == 0 ? self : taskPid;
    long tid;
    if (thread != null && where == self) {
      tid = thread.threadId();
      nameThread(thread);
    } else {
      tid = TraceEvent.MAIN_THREAD;
      State.NAMES.processIfNone(where, pool + " worker " + worker);
    }
    add(
        TraceEvent.of(
            TraceEvent.Kind.TASK,
            label + " #" + task,
            where,
            tid,
            startNanos,
            endNanos,
            task,
            worker,
            outcome));
  }

  /**
   * The calling thread waited for a lock from {@code startNanos} until now.
   *
   * @param lock the lock's description
   * @param holderPid the process of the thread that held it when the wait began, 0 if none seen
   * @param holderTid that thread's id
   * @param startNanos when the wait began
   */
  public static void lockWait(String lock, long holderPid, long holderTid, long startNanos) {
    if (on) {
      current(TraceEvent.Kind.LOCK_WAIT, lock, startNanos, holderPid, holderTid, null);
    }
  }

  /**
   * The calling thread waited on a condition from {@code startNanos} until now.
   *
   * @param condition the condition's description
   * @param startNanos when the wait began
   * @param signalled whether a signal ended it (false: it timed out)
   */
  public static void conditionWait(String condition, long startNanos, boolean signalled) {
    if (on) {
      current(
          TraceEvent.Kind.CONDITION_WAIT,
          condition,
          startNanos,
          0,
          0,
          signalled ? "signalled" : "timed out");
    }
  }

  /**
   * The calling thread's put (or take) waited for room (or an element) from {@code startNanos}.
   *
   * @param queue the queue's description
   * @param put true for a put, false for a take
   * @param startNanos when the wait began
   */
  public static void queueWait(String queue, boolean put, long startNanos) {
    if (on) {
      current(
          put ? TraceEvent.Kind.QUEUE_PUT : TraceEvent.Kind.QUEUE_TAKE,
          queue,
          startNanos,
          0,
          0,
          null);
    }
  }

  /**
   * The calling thread waited at a barrier from {@code startNanos} until now.
   *
   * @param barrier the barrier's description
   * @param arrival its arrival index in the round (0 first), or -1 if it broke before arriving
   * @param parties the barrier's parties
   * @param startNanos when it arrived
   * @param outcome "released", "broken", "timed out", ...
   */
  public static void barrierWait(
      String barrier, int arrival, int parties, long startNanos, String outcome) {
    if (on) {
      current(TraceEvent.Kind.BARRIER, barrier, startNanos, arrival, parties, outcome);
    }
  }

  /**
   * A coroutine held its event loop from {@code startNanos} to {@code endNanos}; drawn on the
   * loop's own lane.
   *
   * @param loop the loop's name
   * @param loopNumber a number unique to the loop in this process, &ge; 0
   * @param coroutine the coroutine's name
   * @param startNanos when it got the loop
   * @param endNanos when it gave it away
   */
  public static void coroutine(
      String loop, int loopNumber, String coroutine, long startNanos, long endNanos) {
    if (on) {
      long lane = LOOP_LANE_BASE + loopNumber;
      long self = pid();
      add(
          TraceEvent.of(
              TraceEvent.Kind.COROUTINE,
              coroutine,
              self,
              lane,
              startNanos,
              endNanos,
              loopNumber,
              0,
              coroutine));
      State.NAMES.thread(self, lane, "event loop " + loop);
    }
  }

  /** Records an event of the calling thread, ending now. */
  static void current(
      TraceEvent.Kind kind, String name, long startNanos, long a, long b, String text) {
    Thread t = Thread.currentThread();
    nameThread(t);
    add(TraceEvent.of(kind, name, pid(), t.threadId(), startNanos, now(), a, b, text));
  }

  private static void nameThread(Thread t) {
    long tid = t.threadId();
    if (!State.THREADS.containsKey(tid)) {
      String name = t.getName();
      State.THREADS.put(
          tid, name.isEmpty() ? (t.isVirtual() ? "virtual " : "thread ") + tid : name);
    }
  }

  private static void add(TraceEvent e) {
    State.EVENTS.add(e);
  }

  static long pid() {
    long p = pid;
    if (p < 0) {
      p = ProcessHandle.current().pid();
      pid = p;
    }
    return p;
  }

  // ---------------------------------------------------------------- sessions (Trace)

  /** Opens a session: the recorder is on until every open session has closed. */
  static synchronized void open() {
    if (sessions == 0 && !child) {
      State.clear();
    }
    sessions++;
    on = true;
  }

  /**
   * What was recorded since {@code sinceNanos}, and closes a session; the last one to close turns
   * the recorder off and forgets the events.
   */
  static synchronized Recording close(long sinceNanos) {
    Recording recording = snapshot(sinceNanos);
    if (sessions > 0 && --sessions == 0 && !child) {
      on = false;
      State.clear();
    }
    return recording;
  }

  /** What was recorded since {@code sinceNanos}; the recorder goes on. */
  static Recording snapshot(long sinceNanos) {
    Names names = names();
    List<TraceEvent> events = State.EVENTS.snapshot();
    return new Recording(events, names, State.EVENTS.dropped(), sinceNanos);
  }

  private static Names names() {
    Names names = State.NAMES.copy();
    long self = pid();
    State.THREADS.forEach((tid, name) -> names.thread(self, tid, name));
    names.processIfNone(self, processName());
    return names;
  }

  private static String processName() {
    try {
      return Multitask.currentProcess().name();
    } catch (RuntimeException e) {
      return "process " + pid(); // named before the platform is up: a number will do
    }
  }

  // ---------------------------------------------------------------- child processes

  /**
   * What a child process hands its parent: its events, the names of its lanes (and of the lanes of
   * its own children, merged into it), and how many events it had to drop.
   *
   * @param events the events, in no particular order
   * @param processNames process names by pid
   * @param threadNames thread names by pid, then thread id
   * @param mainThreads each process's main thread id
   * @param dropped events that did not fit the child's buffer
   */
  public record Batch(
      List<TraceEvent> events,
      Map<Long, String> processNames,
      Map<Long, Map<Long, String>> threadNames,
      Map<Long, Long> mainThreads,
      long dropped) {
    /** Copies the lists and maps. */
    public Batch {
      events = List.copyOf(events);
      processNames = Map.copyOf(processNames);
      Map<Long, Map<Long, String>> threads = new java.util.HashMap<>();
      threadNames.forEach((p, names) -> threads.put(p, Map.copyOf(names)));
      threadNames = Map.copyOf(threads);
      mainThreads = Map.copyOf(mainThreads);
      if (dropped < 0) {
        throw new IllegalArgumentException("dropped must be >= 0: dropped=" + dropped);
      }
    }

    /**
     * Whether there is nothing to hand over.
     *
     * @return true if the batch has no event, no dropped count and no name
     */
    public boolean isEmpty() {
      return events.isEmpty()
          && dropped == 0
          && processNames.isEmpty()
          && threadNames.isEmpty()
          && mainThreads.isEmpty();
    }
  }

  /**
   * Called in a worker when its parent's job or task carries the trace flag: records from now on,
   * with the calling thread as this process's main lane.
   */
  public static synchronized void startInChild() {
    if (!child && sessions == 0) {
      State.clear();
    }
    child = true;
    on = true;
    Thread t = Thread.currentThread();
    State.NAMES.mainThread(pid(), t.threadId());
    nameThread(t);
  }

  /**
   * Called in a worker when a job or task comes without the trace flag: stops recording, unless the
   * program started a {@link Trace} of its own here.
   */
  public static synchronized void stopInChild() {
    if (!child) {
      return;
    }
    child = false;
    if (sessions == 0) {
      on = false;
      State.clear();
    }
  }

  /**
   * Takes what this worker recorded since the last call, for its parent.
   *
   * @return the batch, empty if nothing was recorded
   */
  public static synchronized Batch drain() {
    List<TraceEvent> events = State.EVENTS.drain();
    long dropped = State.EVENTS.takeDropped();
    Names names = names();
    Map<Long, String> processes = names.processes();
    Map<Long, Map<Long, String>> threads = names.threads();
    Map<Long, Long> mains = names.mainThreads();
    boolean renamed =
        !(processes.equals(State.sentProcesses)
            && threads.equals(State.sentThreads)
            && mains.equals(State.sentMains));
    if (events.isEmpty() && dropped == 0 && !renamed) {
      return new Batch(List.of(), Map.of(), Map.of(), Map.of(), 0);
    }
    State.sentProcesses = processes;
    State.sentThreads = threads;
    State.sentMains = mains;
    // the names go with every batch that has events: a parent that began a new trace meanwhile
    // has forgotten the earlier ones
    return new Batch(events, processes, threads, mains, dropped);
  }

  /**
   * Adds what a child process recorded (and what its own children handed it).
   *
   * @param batch the child's batch
   */
  public static void merge(Batch batch) {
    if (!on) {
      return; // the trace ended while the child's frame was on its way
    }
    State.EVENTS.addAll(batch.events());
    if (batch.dropped() > 0) {
      State.EVENTS.addDropped(batch.dropped());
    }
    batch.processNames().forEach(State.NAMES::process);
    batch
        .threadNames()
        .forEach((p, names) -> names.forEach((tid, name) -> State.NAMES.thread(p, tid, name)));
    batch.mainThreads().forEach(State.NAMES::mainThread);
  }

  static {
    PropertyTrace.startIfAsked(); // last: it opens a trace, which needs every field above
  }
}
