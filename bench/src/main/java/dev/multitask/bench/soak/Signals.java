package dev.multitask.bench.soak;

import java.io.IOException;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Sends SIGKILL, SIGSTOP and SIGCONT to this JVM's own children, from outside the library (as a
 * user's {@code kill} would), through libc's {@code kill(2)} by the FFM API.
 *
 * <p>A pid is signalled only while {@code /proc/<pid>/stat} names this JVM as its parent and the
 * process is not a zombie, so a pid that a reaped child left and the system gave to another program
 * is never touched. Every stop is paired with a scheduled SIGCONT, and {@link #close()} (also run
 * at JVM exit) continues every process still stopped: a stopped child could not read the end of its
 * lifeline and would outlive the soak.
 *
 * <p>Thread-safe. Needs {@code --enable-native-access=ALL-UNNAMED}.
 */
@SuppressWarnings("restricted") // linking kill(2) is this class's purpose
final class Signals implements AutoCloseable {
  static final int SIGKILL = 9;
  static final int SIGCONT = 18;
  static final int SIGSTOP = 19;

  private static final long SELF = ProcessHandle.current().pid();
  private static final MethodHandle KILL =
      Linker.nativeLinker()
          .downcallHandle(
              Linker.nativeLinker().defaultLookup().find("kill").orElseThrow(),
              FunctionDescriptor.of(
                  ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));

  /**
   * The pids stopped by us, each with the number of its latest stop: only that stop's SIGCONT runs.
   */
  private final Map<Long, Long> stopped = new ConcurrentHashMap<>();

  private final AtomicLong stops = new AtomicLong();
  private final Map<Long, String> killed = new ConcurrentHashMap<>();
  private final ScheduledExecutorService continuer =
      Executors.newSingleThreadScheduledExecutor(
          r -> Thread.ofPlatform().daemon().name("soak-sigcont").unstarted(r));
  private final Thread hook = new Thread(this::continueAll, "soak-sigcont-at-exit");

  Signals() {
    Runtime.getRuntime().addShutdownHook(hook);
  }

  /** Whether {@code pid} is a live (not zombie) child of this JVM. */
  static boolean isOurLiveChild(long pid) {
    if (pid <= 0) {
      return false;
    }
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      int end = stat.lastIndexOf(')');
      String[] fields = stat.substring(end + 2).split(" ", 3);
      return !fields[0].equals("Z") && !fields[0].equals("X") && Long.parseLong(fields[1]) == SELF;
    } catch (IOException | RuntimeException e) {
      return false; // gone (no such file) or unreadable: not ours to signal
    }
  }

  /** The state letter of {@code /proc/<pid>/stat} ('T' when stopped), or '?' when gone. */
  static char state(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      return stat.charAt(stat.lastIndexOf(')') + 2);
    } catch (IOException | RuntimeException e) {
      return '?'; // gone
    }
  }

  /** SIGKILLs {@code pid} if it is a live child; returns whether the signal was sent. */
  boolean kill(long pid) {
    return kill(pid, "?");
  }

  /** As {@link #kill(long)}, remembering {@code who} sent it, for {@link #killedBy}. */
  boolean kill(long pid, String who) {
    boolean sent = send(pid, SIGKILL);
    stopped.remove(pid);
    if (sent) {
      if (killed.size() > 10_000) {
        killed.clear(); // only for reports: the recent ones matter
      }
      killed.put(pid, who + " at " + System.currentTimeMillis() % 1_000_000 + " ms");
    }
    return sent;
  }

  /** Who of the soak last SIGKILLed {@code pid} (and when), or "nobody in the soak". */
  String killedBy(long pid) {
    return killed.getOrDefault(pid, "nobody in the soak");
  }

  /**
   * SIGSTOPs {@code pid} if it is a live child and schedules its SIGCONT after {@code millis} (a
   * process stopped already stays stopped that long from now: an earlier stop's SIGCONT is
   * dropped); returns whether it was stopped.
   */
  boolean stopFor(long pid, long millis) {
    long stop = stops.incrementAndGet();
    stopped.put(pid, stop);
    if (!send(pid, SIGSTOP)) {
      stopped.remove(pid, stop);
      return false;
    }
    continuer.schedule(
        () -> {
          if (stopped.remove(pid, stop)) {
            send(pid, SIGCONT);
          }
        },
        millis,
        TimeUnit.MILLISECONDS);
    return true;
  }

  /** SIGCONTs {@code pid} now if it is stopped by us. */
  void resume(long pid) {
    if (stopped.remove(pid) != null) {
      send(pid, SIGCONT);
    }
  }

  /**
   * Waits up to {@code millis} until the kernel shows {@code pid} stopped; returns whether it is.
   */
  static boolean awaitStopped(long pid, long millis) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
    while (System.nanoTime() < deadline) {
      char s = state(pid);
      if (s == 'T' || s == 't') {
        return true;
      }
      if (s == '?' || s == 'Z') {
        return false;
      }
      Thread.sleep(1);
    }
    return false;
  }

  /** How many processes are stopped by us now. */
  int stoppedNow() {
    return stopped.size();
  }

  /** Continues every process stopped by us. */
  void continueAll() {
    for (Long pid : stopped.keySet().toArray(Long[]::new)) {
      resume(pid);
    }
  }

  private static boolean send(long pid, int signal) {
    if (!isOurLiveChild(pid)) {
      return false;
    }
    try {
      return (int) KILL.invokeExact((int) pid, signal) == 0;
    } catch (Throwable t) {
      throw new IllegalStateException("kill(" + pid + ", " + signal + ") failed", t);
    }
  }

  @Override
  public void close() {
    continuer.shutdownNow();
    continueAll();
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // the JVM is exiting: the hook runs anyway
    }
  }
}
