package dev.multitask.shm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Whether the process recorded in a shared word still runs. An owner word is
 * {@code (pid << 32) | (low 32 bits of the process's start time in seconds, or 0 if unknown)}: the
 * start time tells a live owner from an unrelated process that reused a dead owner's pid.
 */
public final class Liveness {
  /** This process's pid. */
  public static final long SELF_PID = ProcessHandle.current().pid();
  /** This process's owner word. */
  public static final long SELF = ownerWord(ProcessHandle.current());

  /** When each owner word was last found alive, for {@link #aliveRecently}: a few entries at most. */
  private static final ConcurrentHashMap<Long, Long> FOUND_ALIVE = new ConcurrentHashMap<>();

  private static final int MAX_VERDICTS = 256;

  private Liveness() {}

  /**
   * As {@link #alive}, but a verdict that the process runs is reused for {@code maxAgeNanos}: for
   * callers that may ask again and again (a {@code tryLock()} in a loop), so that a failed try
   * stays cheap and a dead process is still seen within {@code maxAgeNanos}. A dead verdict is
   * never reused (it does not change).
   */
  public static boolean aliveRecently(long owner, long maxAgeNanos) {
    long now = System.nanoTime();
    Long seen = FOUND_ALIVE.get(owner);
    if (seen != null && now - seen < maxAgeNanos) {
      return true;
    }
    if (!alive(owner)) {
      FOUND_ALIVE.remove(owner);
      return false;
    }
    if (FOUND_ALIVE.size() >= MAX_VERDICTS) {
      FOUND_ALIVE.clear(); // only a cache: the next askers check again
    }
    FOUND_ALIVE.put(owner, now);
    return true;
  }

  /** The owner word of {@code process}. */
  public static long ownerWord(ProcessHandle process) {
    long startSeconds = process.info().startInstant().map(i -> i.getEpochSecond()).orElse(0L);
    return process.pid() << 32 | (startSeconds & 0xffff_ffffL);
  }

  /**
   * Whether the process recorded in {@code owner} still runs: {@code false} for no such pid, a
   * zombie, or a pid now used by a process started at another time. A start time of 0 (unknown)
   * matches any process with the pid.
   */
  public static boolean alive(long owner) {
    long pid = owner >>> 32;
    if (pid == SELF_PID) {
      return true;
    }
    var handle = ProcessHandle.of(pid);
    if (handle.isEmpty() || !handle.get().isAlive() || zombie(pid)) {
      return false;
    }
    long recorded = owner & 0xffff_ffffL;
    long now = ownerWord(handle.get()) & 0xffff_ffffL;
    return recorded == 0 || now == 0 || recorded == now;
  }

  // a killed child stays a zombie until its parent reaps it, and ProcessHandle counts that as alive
  private static boolean zombie(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      int end = stat.lastIndexOf(')');
      return end >= 0 && end + 2 < stat.length() && (stat.charAt(end + 2) == 'Z' || stat.charAt(end + 2) == 'X');
    } catch (IOException | RuntimeException e) {
      return false; // no /proc (not Linux) or the process just went: ProcessHandle decides
    }
  }
}
