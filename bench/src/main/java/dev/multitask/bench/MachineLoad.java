package dev.multitask.bench;

import java.io.IOException;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How busy the machine is with work that is not this benchmark's, from {@code /proc} (Linux only).
 *
 * <p>The load average cannot tell: it counts this benchmark's own processes, which keep the cores
 * busy while they measure. So {@link #snapshot()} takes two readings, and {@link #othersShare}
 * compares them: the CPU time the whole machine spent (all of {@code /proc/stat}'s busy columns,
 * steal included: another virtual machine on the same host takes cores too) minus the CPU time of
 * this JVM's process tree (each live process's own time and that of the children it reaped, so
 * processes that came and went in between count), as a share of the cores' time in between.
 *
 * <p>For the tree's account to lose nothing, this JVM makes itself a <em>child subreaper</em>
 * ({@code prctl(PR_SET_CHILD_SUBREAPER)}): a process whose parent exits before it (a worker JVM
 * retired as its program ends, CPython's forkserver) is re-parented here rather than to init, and
 * stays in the tree; {@link #reapOrphans} collects those that have ended.
 *
 * <p>A JDK AOT training run anywhere on the machine ({@code -XX:AOTCacheOutput} on a command line:
 * a multitask program's own, in the background) makes a reading busy too ({@link
 * Snapshot#training}).
 */
@SuppressWarnings("restricted") // prctl and waitpid: see the class comment
final class MachineLoad {
  private static final int PR_SET_CHILD_SUBREAPER = 36;
  private static final int WNOHANG = 1;

  private static final int CORES = Runtime.getRuntime().availableProcessors();
  private static final long SELF = ProcessHandle.current().pid();

  private static final MethodHandle WAITPID;

  static {
    Linker linker = Linker.nativeLinker();
    MethodHandle waitpid = null;
    try {
      MethodHandle prctl =
          linker.downcallHandle(
              linker.defaultLookup().find("prctl").orElseThrow(),
              FunctionDescriptor.of(
                  ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG),
              Linker.Option.firstVariadicArg(1));
      int rc = (int) prctl.invokeExact(PR_SET_CHILD_SUBREAPER, 1L);
      if (rc == 0) {
        waitpid =
            linker.downcallHandle(
                linker.defaultLookup().find("waitpid").orElseThrow(),
                FunctionDescriptor.of(
                    ValueLayout.JAVA_INT,
                    ValueLayout.JAVA_INT,
                    ValueLayout.ADDRESS,
                    ValueLayout.JAVA_INT));
      }
    } catch (Throwable e) {
      // without native access the account may lose an orphan's CPU to "others": stricter, not laxer
      waitpid = null;
    }
    WAITPID = waitpid;
  }

  private MachineLoad() {}

  /** Whether orphans of the tree come back to this JVM ({@code prctl} worked). */
  static boolean subreaper() {
    return WAITPID != null;
  }

  /** One reading: the machine's busy time, the tree's, and whether an AOT training ran. */
  record Snapshot(long nanos, long machineTicks, long treeTicks, boolean training) {}

  /**
   * Reads the machine's and this tree's CPU time.
   *
   * @throws IOException if {@code /proc} cannot be read
   */
  static Snapshot snapshot() throws IOException {
    long machine = machineBusyTicks();
    Scan scan = scan();
    return new Snapshot(System.nanoTime(), machine, scan.treeTicks, scan.training);
  }

  /**
   * The share of the machine's cores that other work used between two readings: 0 when only this
   * tree ran, 1 when others kept every core busy.
   */
  static double othersShare(Snapshot before, Snapshot after) {
    double ticks =
        (after.machineTicks - before.machineTicks) - (after.treeTicks - before.treeTicks);
    double available = (after.nanos - before.nanos) / 1e9 * ticksPerSecond() * CORES;
    return Math.max(0, ticks / Math.max(1, available));
  }

  /** The 1-minute load average, as {@code /proc/loadavg} says. */
  static double loadAverage() throws IOException {
    return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
  }

  static int cores() {
    return CORES;
  }

  /**
   * Reaps the ended processes that were re-parented to this JVM, except {@code ours} (those a
   * {@link Process} of this JVM waits for).
   */
  static void reapOrphans(Set<Long> ours) throws IOException {
    if (WAITPID == null) {
      return;
    }
    for (Proc p : processes().values()) {
      if (p.ppid == SELF && p.state == 'Z' && !ours.contains(p.pid)) {
        try {
          int reaped = (int) WAITPID.invokeExact((int) p.pid, MemorySegment.NULL, WNOHANG);
          if (reaped < 0) {
            continue; // not ours to reap after all
          }
        } catch (Throwable e) {
          throw new IllegalStateException("waitpid failed", e);
        }
      }
    }
  }

  private static long ticksPerSecond() {
    return 100; // USER_HZ: /proc reports times in it on every Linux architecture we run on
  }

  /** The busy columns of {@code /proc/stat}'s first line: all but idle and iowait. */
  private static long machineBusyTicks() throws IOException {
    String first = Files.readAllLines(Path.of("/proc/stat")).get(0);
    String[] f = first.trim().split("\\s+");
    // cpu user nice system idle iowait irq softirq steal guest guest_nice (guest is in user)
    long busy = 0;
    for (int i = 1; i <= Math.min(8, f.length - 1); i++) {
      if (i != 4 && i != 5) {
        busy += Long.parseLong(f[i]);
      }
    }
    return busy;
  }

  private record Proc(long pid, long ppid, char state, long ticks) {}

  private record Scan(long treeTicks, boolean training) {}

  /** Whether a JDK AOT training runs anywhere on the machine now. */
  static boolean trainingRuns() throws IOException {
    for (long pid : processes().keySet()) {
      if (cmdline(pid).contains("-XX:AOTCacheOutput=")) {
        return true;
      }
    }
    return false;
  }

  private static Scan scan() throws IOException {
    Map<Long, Proc> all = processes();
    Map<Long, List<Long>> children = new HashMap<>();
    for (Proc p : all.values()) {
      children.computeIfAbsent(p.ppid, k -> new ArrayList<>()).add(p.pid);
    }
    long ticks = 0;
    Set<Long> seen = new HashSet<>();
    List<Long> todo = new ArrayList<>(List.of(SELF));
    while (!todo.isEmpty()) {
      long pid = todo.remove(todo.size() - 1);
      Proc p = all.get(pid);
      if (p == null || !seen.add(pid)) {
        continue;
      }
      ticks += p.ticks;
      todo.addAll(children.getOrDefault(pid, List.of()));
    }
    boolean training = false;
    for (long pid : all.keySet()) {
      if (cmdline(pid).contains("-XX:AOTCacheOutput=")) {
        training = true;
        break;
      }
    }
    return new Scan(ticks, training);
  }

  private static Map<Long, Proc> processes() throws IOException {
    Map<Long, Proc> all = new HashMap<>();
    try (DirectoryStream<Path> dirs = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
      for (Path dir : dirs) {
        String stat;
        try {
          stat = Files.readString(dir.resolve("stat"), StandardCharsets.ISO_8859_1);
        } catch (NoSuchFileException | java.nio.file.AccessDeniedException gone) {
          continue; // it ended while we looked
        } catch (IOException gone) {
          continue; // ESRCH on a process that just ended
        }
        // pid (comm) state ppid ... utime stime cutime cstime: fields 14-17; comm may hold spaces
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        long pid = Long.parseLong(dir.getFileName().toString());
        long ticks =
            Long.parseLong(f[11])
                + Long.parseLong(f[12])
                + Long.parseLong(f[13])
                + Long.parseLong(f[14]);
        all.put(pid, new Proc(pid, Long.parseLong(f[1]), f[0].charAt(0), ticks));
      }
    }
    return all;
  }

  private static String cmdline(long pid) {
    try {
      return new String(
          Files.readAllBytes(Path.of("/proc/" + pid + "/cmdline")), StandardCharsets.ISO_8859_1);
    } catch (IOException gone) {
      return "";
    }
  }
}
