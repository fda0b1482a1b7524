package dev.multitask.process.shm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Whether the process recorded in a shared word still runs. An owner word is {@code (pid << 32) |
 * (low 32 bits of the process's start time, or 0 if unknown)}: the start time tells a live owner
 * from an unrelated process that reused a dead owner's pid.
 *
 * <p>The start time is {@code starttime} of {@code /proc/<pid>/stat}, in clock ticks since boot: a
 * number every reader gets alike. Not the start {@code Instant} of {@link ProcessHandle.Info}: that
 * one adds the boot time the kernel reports now ({@code btime}), which moves when the clock is
 * adjusted, so two processes could compute a second apart for the same process and take a live
 * owner for a dead one (seen as a lock of a live holder taken over under load).
 */
public final class Liveness {
  /** This process's pid. */
  public static final long SELF_PID = ownPid();

  /** This process's owner word. */
  public static final long SELF = SELF_PID << 32 | (startTicks(SELF_PID) & 0xffff_ffffL);

  /**
   * When each owner word was last found alive, for {@link #aliveRecently}: a few entries at most.
   */
  private static final ConcurrentHashMap<Long, Long> FOUND_ALIVE = new ConcurrentHashMap<>();

  private static final int MAX_VERDICTS = 256;
  private static final long GONE = -1;

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

  /** The owner word of {@code process} (its start time 0 if it cannot be read). */
  public static long ownerWord(ProcessHandle process) {
    long ticks = startTicks(process.pid());
    return process.pid() << 32 | (ticks == GONE ? 0 : ticks & 0xffff_ffffL);
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
    long ticks = startTicks(pid);
    if (ticks == GONE) {
      return false;
    }
    if (ticks == 0) { // no /proc: ProcessHandle decides, start time unknown
      return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }
    long recorded = owner & 0xffff_ffffL;
    return recorded == 0 || recorded == (ticks & 0xffff_ffffL);
  }

  /**
   * The start time of process {@code pid} in clock ticks since boot, from {@code /proc/<pid>/stat};
   * {@value #GONE} when there is no such process or it is a zombie (a killed child stays one until
   * its parent reaps it, and ProcessHandle counts that as alive); 0 when {@code /proc} cannot tell
   * (not Linux).
   */
  static long startTicks(long pid) {
    String stat;
    try {
      stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
    } catch (NoSuchFileException gone) {
      return GONE;
    } catch (IOException | RuntimeException noProc) {
      return 0;
    }
    // fields after the command name, which is in parentheses and may itself hold spaces and ')'
    int end = stat.lastIndexOf(')');
    if (end < 0 || end + 2 >= stat.length()) {
      return 0;
    }
    char state = stat.charAt(end + 2);
    if (state == 'Z' || state == 'X') {
      return GONE;
    }
    String[] fields = stat.substring(end + 2).split(" ");
    try {
      return fields.length > 19 ? Long.parseLong(fields[19]) : 0; // field 22, starttime
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  /**
   * This process's pid, from {@code /proc/self}: {@link ProcessHandle#current()} costs a fresh JVM
   * ~10 ms (the JDK's process-handle set-up, measured), ~1 ms this way. Without {@code /proc},
   * {@code ProcessHandle} says.
   */
  static long ownPid() {
    try {
      return Long.parseLong(Files.readSymbolicLink(Path.of("/proc/self")).toString());
    } catch (IOException | RuntimeException e) {
      return ProcessHandle.current().pid();
    }
  }
}
